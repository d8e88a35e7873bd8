"""Numbers people read: Rupiah, shares and counts in both languages."""

from babel.numbers import format_decimal
from hypothesis import given, settings, strategies as st

from analytics.formatting import number, percent, rupiah


def test_amounts_read_the_indonesian_way_and_switch_to_english():
    assert rupiah(1_500_000, "id") == "Rp1.500.000"
    assert rupiah(1_500_000, "en") == "Rp1,500,000"
    assert rupiah(-2_500.4, "id") == "-Rp2.500"
    assert percent(0.125, "id") == "12,5%" and percent(0.125, "en") == "12.5%"
    assert number(1_043_727, "id") == "1.043.727" and number(2.675, "id", 2) == "2,68"
    assert number(float("nan"), "id") == "–" and rupiah(None, "id") == "–"


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e13, max_value=1e13),
                 st.integers(min_value=-10**13, max_value=10**13)),
       st.sampled_from(["id", "en"]), st.integers(min_value=0, max_value=3))
def test_numbers_match_the_locale_data_of_babel(value, lang, decimals):
    """Our direct formatting equals CLDR's (babel) digit for digit, rounding half to even."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale={"id": "id_ID", "en": "en_US"}[lang])
    assert number(value, lang, decimals) == expected


def test_charts_use_the_languages_number_marks():
    """Axis ticks and hover numbers drawn by plotly: 3,5 and 1.000 in Bahasa Indonesia."""
    import pandas as pd

    from analytics.charts.figures import status_trend

    trend = pd.DataFrame({"month": pd.to_datetime(["2026-08-01", "2026-09-01"]),
                          **{c: [0.2, 0.3] for c in ["share_poor", "share_vulnerable", "share_steady",
                                                     "share_independent", "share_insufficient"]}})
    assert status_trend(trend, "id", "Judul", "Indonesia").layout.separators == ",."
    assert status_trend(trend, "en", "Title", "Indonesia").layout.separators == ".,"
