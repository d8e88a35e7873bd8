"""Every chart, as exported and on a phone: each drawn text lies inside the figure and on no other
text (axis titles, ticks, legend, notes, Sankey labels), in both languages. Needs Chromium."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.charts import figures
from analytics.charts.impact import event_study
from analytics.charts.maps import choropleth
from analytics.export.annotate import Provenance, for_export
from tests.chart_layout import Renderer, problems

MONTHS = pd.date_range("2020-01-01", "2026-09-01", freq="MS")
REGIONS = ["Kabupaten Kepulauan Siau Tagulandang Biaro", "Kota Administrasi Jakarta Barat", "Kabupaten Banggai",
           "Kabupaten Parigi Moutong", "Kabupaten Tojo Una-Una", "Papua Barat Daya", "Daerah Istimewa Yogyakarta",
           "Kalimantan Tengah", "Nusa Tenggara Timur", "Kabupaten Pegunungan Arfak"]
SUBTITLE = "Kabupaten Kepulauan Siau Tagulandang Biaro · Warung kelontong · Angkatan 2022 · September 2026"


def trend() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    shares = rng.dirichlet([2, 5, 4, 2, 1], len(MONTHS))
    frame = pd.DataFrame(shares, columns=["share_insufficient", "share_poor", "share_vulnerable", "share_steady_only",
                                          "share_independent"])
    frame["share_steady"] = frame["share_steady_only"] + frame["share_independent"]
    return frame.assign(month=MONTHS, region_code="72", name="Sulawesi Tengah", active_members=500)


def builders(lang: str):
    rng = np.random.default_rng(2)
    ranking = pd.DataFrame({"region_code": [f"72.{i:02d}" for i in range(10)], "name": REGIONS,
                            "share_steady": np.linspace(0.31, 0.05, 10), "active_members": 100})
    dist = pd.DataFrame({"bin_start": np.round(np.arange(0, 4.1, 0.1), 1), "reports": rng.integers(50, 900, 41)})
    cohorts = pd.DataFrame([(c, e, 0.8 + 0.01 * e + 0.05 * (c - 2019)) for c in range(2019, 2025) for e in range(-12, 60)],
                           columns=["cohort", "event_time", "mean_pl_ratio"])
    members = pd.DataFrame([(f"AGT-{m:07d}", d, 0.5 + m / 10 + rng.random() / 5) for m in range(12) for d in MONTHS[-48:]
                            if rng.random() > 0.15], columns=["pseudonym", "month", "pl_ratio"])
    sankey = pd.DataFrame({"chain_id": 1, "stage_no": [1, 2, 3, 4, 4], "groups": [30, 12, 8, 5, 5],
                           "stage_name": ["Petani kelapa", "Air kelapa", "Sabun kelapa (ekspor)", "Arang tempurung",
                                          "Arang tempurung"],
                           "sales_12m": [9e8, 4e8, 3e8, 2e8, 2e8],
                           "offtaker": [None, "PT Segar Kelapa Nusantara (sintetis)", "CV Sabun Tropis Ekspor (sintetis)",
                                        "PT Arang Briket Sulawesi (sintetis)", "PT Arang Briket Sulawesi (sintetis)"],
                           "bought_12m": [0, 3e8, 2e8, 1e8, 1e8]})
    channels = pd.DataFrame([(d, c, rng.integers(1e7, 9e8)) for d in MONTHS for c in
                             ("pasar_lokal", "toko", "daring", "pameran", "offtaker", "koperasi", "ekspor")],
                            columns=["month", "channel", "value_rupiah"])
    demand = pd.DataFrame({"product": ["kain tenun / kerajinan", "arang tempurung kelapa", "sabun minyak kelapa",
                                       "kopi bubuk kemasan", "rumput laut kering", "ternak kambing/sapi"],
                           "demand_12m": [9e9, 5e9, 4e9, 3e9, 2e9, 1e9], "supply_12m": [4e9, 5e9, 1e9, 3e9, 2e8, 8e8]})
    compare = pd.concat([trend().assign(region_code=c, name=n) for c, n in zip(["72", "73.01", "11", "91"], REGIONS)])
    compare_dist = pd.concat([dist.assign(region_code=c, name=n) for c, n in zip(["72", "73.01", "11"], REGIONS)])
    events = pd.DataFrame({"event_time": range(-12, 37), "estimate": np.linspace(0, 0.3, 49),
                           "ci_low": np.linspace(-0.05, 0.2, 49), "ci_high": np.linspace(0.05, 0.4, 49)})
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_code": c, "name": n},
         "geometry": {"type": "Polygon", "coordinates": [[[120 + i, -2], [121 + i, -2], [121 + i, 1], [120 + i, 1],
                                                          [120 + i, -2]]]}}
        for i, (c, n) in enumerate([("72", "Sulawesi Tengah"), ("73", "Sulawesi Selatan"), ("74", "Sulawesi Tenggara")])]}
    values = pd.DataFrame({"region_code": ["72", "73"], "share_steady": [0.3, 0.2], "share_steady_change": [0.02, -0.05],
                           "active_members": [50, 60]})
    title = "Status pendapatan anggota yang melapor dengan judul yang cukup panjang"
    return {
        "status_trend": figures.status_trend(trend(), lang, title, SUBTITLE),
        "ranking": figures.ranking(ranking, "share_steady", lang, title, SUBTITLE, "% anggota yang melapor"),
        "distribution": figures.distribution(dist, lang, title, SUBTITLE),
        "cohort_curves": figures.cohort_curves(cohorts, lang, title, SUBTITLE),
        "member_trajectories": figures.member_trajectories(members, lang, title, SUBTITLE),
        "chain_sankey": figures.chain_sankey(sankey, lang, title, SUBTITLE),
        "channel_area": figures.channel_area(channels, lang, title, SUBTITLE),
        "demand_supply": figures.demand_supply(demand, lang, title, SUBTITLE),
        "completeness": figures.completeness_trend(trend().assign(completeness=0.9), lang, title, SUBTITLE),
        "compare_lines": figures.compare_lines(compare, "share_steady", lang, title, SUBTITLE, "% anggota yang melapor"),
        "compare_distributions": figures.compare_distributions(compare_dist, lang, title, SUBTITLE),
        "event_study": event_study(events, "per_capita", lang, title, SUBTITLE),
        "map": choropleth(geo, values, "provinsi", "share_steady", lang, title, SUBTITLE),
        "map_change": choropleth(geo, values, "provinsi", "share_steady_change", lang, title, SUBTITLE),
    }


@pytest.fixture(scope="module")
def renderer(browser):
    return Renderer(browser.new_page())


@pytest.fixture(scope="module")
def figures_by_lang():
    return {lang: builders(lang) for lang in ("id", "en")}


NAMES = list(builders("id"))
MAPS = [name for name in NAMES if name.startswith("map")]     # drawn on the page by MapLibre, exported by kaleido


def exported(fig, lang: str):
    return for_export(fig, Provenance(lang=lang, data_month=date(2026, 9, 1),
                                      thresholds="Ambang: Stabil = 6 bulan ≥ garis; KV ≤ 0,30.",
                                      synthetic=True, filters="Komoditas: Warung kelontong"))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", [n for n in NAMES if n not in MAPS])
def test_every_text_of_an_exported_chart_lies_inside_it_and_on_no_other(renderer, figures_by_lang, name, lang):
    fig = exported(figures_by_lang[lang][name], lang)
    height = int(fig.layout.height or 450)
    texts = renderer.texts(fig, 1100, height)
    assert len(texts) >= 3
    assert problems(texts, 1100, height) == []


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("fmt", ["svg"])
@pytest.mark.parametrize("name", NAMES)
def test_the_exported_svg_as_kaleido_draws_it_is_clear(browser, renderer, figures_by_lang, name, lang, fmt):
    """The very file a user downloads (maps included): every text inside, none on another."""
    from analytics.export.images import image_bytes
    fig = exported(figures_by_lang[lang][name], lang)
    height = int(fig.layout.height or 450)
    page = browser.new_page(viewport={"width": 1100, "height": height})
    texts = renderer.svg_texts(image_bytes(fig, fmt, 1100, height), page)
    page.close()
    assert len(texts) >= 3
    assert problems(texts, 1100, height) == []


@pytest.mark.parametrize("width", [390, 620])
@pytest.mark.parametrize("name", [n for n in NAMES if n not in MAPS])
def test_every_text_of_a_chart_on_a_phone_and_in_a_half_column_is_clear(renderer, figures_by_lang, name, width):
    import plotly.graph_objects as go
    fig = go.Figure(figures_by_lang["id"][name])
    fig.update_layout(title=None, margin=dict(t=16))       # as the page draws it: the title is text above
    height = int(fig.layout.height or 450)
    texts = renderer.texts(fig, width, height)
    assert problems(texts, width, height) == []


def test_the_check_finds_a_label_drawn_outside_and_one_on_another(renderer):
    import plotly.graph_objects as go
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))
    fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=300)
    fig.add_annotation(text="A NOTE WELL OUTSIDE", xref="paper", x=-0.2, y=1.5, showarrow=False, xanchor="right")
    fig.add_annotation(text="A NOTE", x=1.5, y=1.5, showarrow=False)
    fig.add_annotation(text="A NOTE TOO", x=1.5, y=1.5, showarrow=False)
    found = problems(renderer.texts(fig, 400, 300), 400, 300)
    assert any(p.startswith("outside: annotation") for p in found) and any(p.startswith("overlap") for p in found)
