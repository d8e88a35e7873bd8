"""The app layer: the language switch keeps the view, every link value is validated, English pages
carry no Indonesian label, texts follow the policy in force, errors become a friendly block."""
from __future__ import annotations

import logging
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from streamlit.testing.v1 import AppTest

from analytics.config import ROOT
from analytics.i18n import catalogue
from analytics.metrics.policy import url_fields
from analytics.urlstate import FILTERS, OTHER, PAGE_PARAMS

APP = str(ROOT / "dashboard.py")
PAGES = ["pages/ringkasan.py", "pages/peta.py", "pages/profil_wilayah.py", "pages/kelompok.py",
         "pages/pendamping.py", "pages/rantai_nilai.py", "pages/dampak.py", "pages/kualitas.py",
         "pages/impor.py", "pages/metodologi.py"]
BANNERS = ("DATA SINTETIS", "SYNTHETIC DATA")
PARAMS = [*FILTERS, *PAGE_PARAMS, *OTHER, *url_fields()]


@pytest.fixture(scope="module")
def db(tiny_demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("layer") / "layer.duckdb"
    shutil.copy(tiny_demo, path)
    mp = pytest.MonkeyPatch()
    mp.setenv("KUBE_DB", str(path))
    yield path
    mp.undo()


def run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


def clean(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if "kesalahan" in e.value or "went wrong" in e.value]


def labels(at: AppTest) -> list[str]:
    """Every text a reader sees on the page, except the synthetic-data banner and table cells."""
    out = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "info", "success", "error")
           for e in getattr(at, kind)]
    out += [w.value for w in at.warning if not w.value.startswith(BANNERS)]
    out += [m.label for m in at.metric] + [m.help or "" for m in at.metric]
    for kind in ("selectbox", "radio", "select_slider", "multiselect"):
        for widget in getattr(at, kind):
            out += [widget.label, *[str(o) for o in widget.options]]
    for kind in ("toggle", "checkbox", "button", "number_input", "expander", "tabs"):
        out += [w.label for w in getattr(at, kind)]
    out += [str(c) for frame in at.dataframe for c in frame.value.columns]
    return [str(x) for x in out]


@pytest.mark.parametrize("page", PAGES)
def test_language_switch_keeps_the_filters_both_ways(db, page):
    at = run(page, prov="72", kom="kelapa", p_acuan="poverty_line_multiple")
    clean(at)
    indonesian = labels(at)
    at.button_group(key="w_lang_any").set_value("en").run()
    clean(at)
    english = labels(at)
    assert english != indonesian
    assert at.query_params["lang"] == "en"
    assert at.query_params["prov"] == "72" and at.query_params["kom"] == "kelapa"
    assert at.query_params["p_acuan"] == "poverty_line_multiple"
    at.button_group(key="w_lang_any").set_value("id").run()
    clean(at)
    assert "lang" not in at.query_params and at.query_params["prov"] == "72"
    assert labels(at) == indonesian


def _indonesian_phrases() -> list[str]:
    """Fixed parts of the catalogue's Indonesian texts that differ from the English ones."""
    phrases = set()
    for entry in catalogue().values():
        if entry["id"] == entry["en"]:
            continue
        for part in re.split(r"\{[^}]*\}|[*_`]", entry["id"]):
            part = part.strip(" .,:;()-–")
            if len(part) >= 10 and part not in entry["en"]:
                phrases.add(part)
    return sorted(phrases)


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_hold_no_indonesian_label(db, page):
    at = run(page, lang="en")
    clean(at)
    shown = "\n".join(labels(at))
    leaked = [p for p in _indonesian_phrases() if p in shown]
    assert not leaked, leaked
    indonesian = "\n".join(labels(run(page)))
    assert [p for p in _indonesian_phrases() if p in indonesian], "the check finds Indonesian text when it is there"


@pytest.mark.parametrize("page", PAGES)
def test_texts_state_the_policy_in_force(db, page):
    """With p_cv=0.20 no text on any page says the default 0,30 (or 0.30 in English)."""
    for lang, default, chosen in (("id", "0,30", "0,20"), ("en", "0.30", "0.20")):
        at = run(page, p_cv="0.2", lang=lang)
        clean(at)
        shown = "\n".join(labels(at))
        assert default not in shown
    assert chosen in "\n".join(labels(run("pages/metodologi.py", p_cv="0.2", lang="en")))


@pytest.mark.parametrize("value", ["abc", "nan", "5", "-1", "inf", "1e400", "0", "9", "", "[x](javascript:1)"])
def test_invalid_link_values_are_named_and_dropped(db, value):
    at = run(PAGES[0], p_cv=value, p_stabil=value, p_lapor=value, prov=value)
    clean(at)
    notice = "\n".join(w.value for w in at.warning)
    if value:
        assert "Nilai tautan tidak dikenal diabaikan" in notice and "p\\_cv=" in notice
    assert "p_cv" not in at.query_params and "prov" not in at.query_params


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.sampled_from(PARAMS + ["zz", "embed"]), st.text(max_size=30), min_size=1, max_size=8),
       st.sampled_from(PAGES))
def test_random_link_values_never_break_a_page(db, params, page):
    at = run(page, **params)
    clean(at)
    assert at.title, "the page rendered"


def test_an_error_is_one_friendly_block_with_an_id_and_the_traceback_in_the_log(db, monkeypatch, caplog):
    from analytics.ui import cache

    def broken(*args, **kwargs):
        raise RuntimeError("boom in a query")

    monkeypatch.setattr(cache, "table", broken)
    logging.getLogger("pantau_kube").addHandler(caplog.handler)      # Streamlit's loggers do not propagate
    at = run("pages/kelompok.py")
    logging.getLogger("pantau_kube").removeHandler(caplog.handler)
    assert not at.exception
    [block] = [e.value for e in at.error]
    error_id = re.search(r"\*\*([0-9A-F]{6})\*\*", block).group(1)
    assert "boom" not in block and "Traceback" not in block
    [record] = [r for r in caplog.records if r.name == "pantau_kube"]
    assert record.getMessage() == f"error {error_id}: RuntimeError"
    assert "boom in a query" in caplog.text and "Traceback" in caplog.text
