"""AppTest of every page: renders, filters change figures, query parameters round-trip, language."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from analytics.config import ROOT

APP = str(ROOT / "dashboard.py")
PAGES = ["pages/ringkasan.py", "pages/peta.py", "pages/profil_wilayah.py", "pages/kelompok.py",
         "pages/pendamping.py", "pages/rantai_nilai.py", "pages/dampak.py", "pages/kualitas.py",
         "pages/impor.py", "pages/metodologi.py"]


@pytest.fixture(scope="module")
def db(tiny_demo, tmp_path_factory, monkeypatch_module):
    path = tmp_path_factory.mktemp("pages") / "pages.duckdb"
    shutil.copy(tiny_demo, path)
    monkeypatch_module.setenv("KUBE_DB", str(path))
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def run(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "warning", "info")
             for e in getattr(at, kind)]
    parts += [m.label for m in at.metric] + [m.value for m in at.metric]
    return "\n".join(str(p) for p in parts)


def clean(at: AppTest) -> None:
    """No exception and no friendly error block (the frame turns errors into one)."""
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if "kesalahan" in e.value or "went wrong" in e.value], \
        [e.value for e in at.error]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exceptions_and_labels_synthetic_data(db, page):
    at = run(page)
    clean(at)
    assert any("DATA SINTETIS" in w.value for w in at.warning)


@pytest.mark.parametrize("page", PAGES)
def test_language_switch_changes_labels(db, page):
    indonesian, english = texts(run(page)), texts(run(page, lang="en"))
    assert indonesian != english
    assert "SYNTHETIC DATA" in english and "DATA SINTETIS" in indonesian


def test_overview_figures_follow_the_province_filter(db):
    national = {m.label: m.value for m in run(PAGES[0]).metric}
    sulteng = run(PAGES[0], prov="72")
    assert "Sulawesi Tengah" in texts(sulteng)
    assert {m.label: m.value for m in sulteng.metric}["Rumah tangga melapor"] != national["Rumah tangga melapor"]


def test_commodity_filter_changes_the_overview(db):
    everything = {m.label: m.value for m in run(PAGES[0]).metric}
    coffee = {m.label: m.value for m in run(PAGES[0], kom="kopi").metric}
    assert coffee["Rumah tangga melapor"] != everything["Rumah tangga melapor"]


def test_query_parameters_round_trip(db):
    at = run(PAGES[2], prov="72", kab="72.01", kom="kelapa", lang="en", p_cv="0.25")
    clean(at)
    assert at.query_params["prov"] == "72" and at.query_params["kab"] == "72.01"
    assert at.query_params["kom"] == "kelapa" and at.query_params["lang"] == "en"
    assert at.query_params["p_cv"] == "0.25"
    assert "Kabupaten Banggai" in texts(at)


def test_a_policy_change_is_applied_and_shown(db):
    normal = {m.label: m.value for m in run(PAGES[0]).metric}
    strict = run(PAGES[0], p_cv="0.05")
    clean(strict)
    assert {m.label: m.value for m in strict.metric}["Berpendapatan stabil"] != normal["Berpendapatan stabil"]
    assert "KV ≤ 0,05" in texts(strict)


def test_a_filter_with_no_data_shows_a_message_not_an_error(db):
    at = run(PAGES[0], kohort="2019", rantai="1")     # chains began in 2021: no 2019 cohort in a chain
    clean(at)
    assert any("Tidak ada data" in i.value for i in at.info)


def test_unknown_url_values_are_ignored(db):
    at = run(PAGES[0], prov="99", kohort="abc", bulan="1900-01")
    clean(at)
    assert "prov" not in at.query_params


def test_facilitator_filter_lists_the_chosen_provinces_facilitators(db):
    at = run(PAGES[4], prov="72")
    names = at.selectbox(key="w_facilitator_id").options
    assert len(names) > 1 and all("(" in n for n in names[1:])
    assert "w_facilitator_id" not in [s.key for s in run(PAGES[4]).selectbox]     # listed once a province is chosen


def test_impact_page_follows_filters_and_outcome(db):
    dampak = PAGES.index("pages/dampak.py")
    national = run(PAGES[dampak])
    clean(national)
    effect = national.metric[0].value
    sulteng = run(PAGES[dampak], prov="72")
    assert not sulteng.exception and sulteng.metric[0].value != effect
    assert "Pendamping" in [t.label for t in sulteng.tabs]        # per facilitator inside a region
    national.radio(key="w_impact_outcome_id").set_value("per_capita").run()
    assert national.metric[0].value.startswith("Rp")


def test_map_page_sends_provinces_then_one_provinces_regencies_to_the_map(db):
    """The map element (MapLibre kept in the page) gets the figure's regions, colours and hover
    texts; with a province chosen, that province's regencies. Needs the set-up's boundaries and map
    library (`make test` builds both)."""
    import json

    from analytics import web_assets
    from analytics.geo.build import GeoPaths, up_to_date

    if not up_to_date(GeoPaths()) or web_assets.maplibre_urls() is None:
        pytest.skip("boundaries or map library not set up (python -m analytics geo build / assets build)")
    def the_map(at: AppTest):
        """The map element (every page also has the library's preloader in the sidebar)."""
        elements = {json.loads(e.proto.json).get("preload", False): e for e in at.get("bidi_component")}
        assert set(elements) == {True, False}
        return elements[False]

    national = run("pages/peta.py")
    view = the_map(national)
    spec = json.loads(view.proto.json)["spec"]
    assert view.proto.component_name == "kube_map" and spec["key"] == "province_code"
    assert len(spec["regions"]) == 38 and spec["boundaries"].startswith("app/static/geo/provinsi.geojson")
    colour, name, text = spec["regions"]["72"]
    assert colour.startswith("#") and name == "Sulawesi Tengah" and text.endswith("%")
    sulteng = json.loads(the_map(run("pages/peta.py", prov="72")).proto.json)["spec"]
    assert sulteng["key"] == "regency_code" and sulteng["boundaries"].startswith("app/static/geo/kabupaten_72.geojson")
    assert len(sulteng["regions"]) == 13 and all(code.startswith("72.") for code in sulteng["regions"])


def test_map_page_without_the_map_library_draws_plotlys_map(db, monkeypatch):
    """No npm at set-up: the same figure is drawn by st.plotly_chart, with its click selection."""
    from analytics import web_assets
    from analytics.geo.build import GeoPaths, up_to_date

    if not up_to_date(GeoPaths()):
        pytest.skip("boundaries not built (python -m analytics geo build)")
    monkeypatch.setattr(web_assets, "maplibre_urls", lambda static=None: None)
    at = run("pages/peta.py", prov="72")
    assert not at.exception and not at.get("bidi_component")
    [chart] = [c for c in at.get("plotly_chart") if "geojson" in c.proto.spec]
    assert "kabupaten_72.geojson" in chart.proto.spec
    assert list(chart.proto.selection_mode) == [0]        # points: a click selects a region
