"""Link parsing: random values never raise, every value is used or reported, a written link reads back."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from analytics.metrics.policy import BENCHMARKS, DEFAULT_POLICY, spec, url_fields
from analytics.urlstate import FILTERS, OTHER, PAGE_PARAMS, Options, UrlState, markdown_escape, parse, shown, to_query

OPTIONS = Options(provinces={"11": "Aceh", "72": "Sulawesi Tengah"},
                  regencies={"11.01": "Kab. Simeulue", "72.01": "Kabupaten Banggai", "72.71": "Kota Palu"},
                  commodities=["kelapa", "kopi"], chains={1: "Kelapa", 2: "Kopi"},
                  facilitator_regency={5: "72.01", 9: "11.01"}, cohorts=[2021, 2022],
                  months=[date(2026, 8, 1), date(2026, 9, 1)], indicators=["share_steady", "share_poor"])
NAMES = [*FILTERS, *PAGE_PARAMS, *OTHER, *url_fields(), "zz", "embed"]


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=8), st.text(max_size=40), max_size=10))
def test_any_link_parses_and_every_value_is_used_or_reported(query):
    parsed = parse(query, OPTIONS)
    again = to_query(parsed.state)
    for name, value in query.items():
        if name == "embed" or not value.strip():
            continue
        used = name in again or (name == "prov" and "kab" in query) or (name == "prov" and "pend" in query)
        reported = any(d.startswith(shown(name, value.strip())[:20]) for d in parsed.dropped) or (
            name == "banding" and any(d.startswith("banding=") for d in parsed.dropped))
        defaulted = name in url_fields() and name not in again     # a valid value equal to the default
        assert used or reported or defaulted or (name == "ind" and value.strip() == "share_steady"), (name, value)


valid_states = st.builds(
    UrlState, lang=st.sampled_from(["id", "en"]),
    regency=st.sampled_from([None, "72.01", "72.71"]), commodity=st.sampled_from([None, "kopi"]),
    chain=st.sampled_from([None, 1, 2]), cohort=st.sampled_from([None, 2022]),
    month=st.sampled_from([None, date(2026, 8, 1)]), indicator=st.sampled_from([None, "share_poor"]),
    policy=st.builds(lambda cv, w, b: DEFAULT_POLICY.changed(steady_max_cv=cv, steady_window=w,
                                                             independence_benchmark=b),
                     st.sampled_from([0.05, 0.2, 0.3, 0.55]), st.integers(3, 12), st.sampled_from(BENCHMARKS)))


@settings(max_examples=300, deadline=None)
@given(valid_states)
def test_a_written_link_reads_back_the_same_view(state):
    state = state.changed(province=state.regency[:2] if state.regency else None)
    parsed = parse(to_query(state), OPTIONS)
    assert parsed.dropped == ()
    assert parsed.state == state


def test_out_of_range_and_malformed_policy_values_are_dropped():
    for value in ("abc", "nan", "inf", "-inf", "5", "0", "1e400", "0,2x", "0x10"):
        parsed = parse({"p_cv": value}, OPTIONS)
        assert parsed.state.policy == DEFAULT_POLICY and parsed.dropped == (f"p_cv={value}",)
    assert parse({"p_cv": "0,2"}, OPTIONS).state.policy.steady_max_cv == 0.2     # Indonesian decimal comma
    assert parse({"p_stabil": "0"}, OPTIONS).dropped == ("p_stabil=0",)
    assert parse({"p_stabil": "6.5"}, OPTIONS).dropped == ("p_stabil=6.5",)
    assert parse({"p_lapor": "9"}, OPTIONS).dropped == ("p_lapor=9",)             # more than the window holds
    assert spec("steady_max_cv")["min"] <= 0.2 <= spec("steady_max_cv")["max"]


def test_regions_must_hold_together():
    assert parse({"kab": "72.01"}, OPTIONS).state.province == "72"
    conflict = parse({"prov": "11", "kab": "72.01"}, OPTIONS)
    assert conflict.state.province == "11" and conflict.state.regency is None and conflict.dropped == ("kab=72.01",)
    assert parse({"pend": "5"}, OPTIONS).state.province == "72"
    assert parse({"prov": "11", "pend": "5"}, OPTIONS).dropped == ("pend=5",)
    assert parse({"prov": "99", "kohort": "abc", "bulan": "1900-01"}, OPTIONS).dropped == (
        "prov=99", "kohort=abc", "bulan=1900-01")


def test_echoed_values_are_masked_shortened_and_escaped():
    assert shown("nik", "7201014107900003") == "nik=7201********0003"
    assert len(shown("x", "a" * 200)) == 41
    assert markdown_escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert markdown_escape("<b>hi</b>") == "\\<b\\>hi\\</b\\>"
