"""The browser map's description (charts.map_view) and the map library set-up (web_assets)."""
from __future__ import annotations

import pickle
import shutil

import pandas as pd
import pytest
from plotly.colors import find_intermediate_color, hex_to_rgb

from analytics import web_assets
from analytics.charts.map_view import web_spec, ticks
from analytics.charts.maps import choropleth
from analytics.charts.style import NO_DATA

URL = "app/static/geo/provinsi.geojson?v=1"


def square(code: str, lon: float) -> dict:
    ring = [[lon, 0], [lon + 1, 0], [lon + 1, 1], [lon, 1], [lon, 0]]
    return {"type": "Feature", "properties": {"province_code": code, "name": f"Provinsi {code}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


GEO = {"type": "FeatureCollection", "features": [square(c, i) for i, c in enumerate(["11", "12", "13", "14"])]}


def spec_of(metric: str, shares: list[float], lang: str = "id") -> dict:
    values = pd.DataFrame({"region_code": ["11", "12", "13"], metric: shares})
    return web_spec(choropleth(GEO, values, "provinsi", metric, lang, title="Judul", subtitle="Indonesia", url=URL))


def test_colours_span_the_figures_scale_from_lowest_to_highest():
    spec = spec_of("share_steady", [0.1, 0.3, 0.5])
    assert spec["regions"]["11"][0] == "#440154" and spec["regions"]["13"][0] == "#fde725"   # Viridis ends
    # 0.3 is half-way along the scale: half-way between its 5th and 6th stops (at 4/9 and 5/9)
    r, g, b = find_intermediate_color(hex_to_rgb("#26828e"), hex_to_rgb("#1f9e89"), 0.5)
    assert spec["regions"]["12"][0] == "#%02x%02x%02x" % tuple(int(v + 0.5) for v in (r, g, b))


def test_lower_is_better_metrics_reverse_the_scale():
    spec = spec_of("share_poor", [0.1, 0.3, 0.5])
    assert spec["regions"]["11"][0] == "#fde725" and spec["regions"]["13"][0] == "#440154"
    assert spec["legend"]["gradient"][0] == [0.0, "#fde725"]


def test_regions_without_data_are_grey_and_labelled_never_zero():
    spec = spec_of("share_steady", [0.1, 0.3, 0.5])
    colour, name, text = spec["regions"]["14"]
    assert colour == NO_DATA.lower() and name == "Provinsi 14" and text == "tidak ada data"
    assert spec["legend"]["no_data_label"] == "tidak ada data"
    assert spec["regions"]["11"][2] == "10,0%"                          # the hover text carries the unit


def test_spec_carries_what_the_page_shows():
    spec = spec_of("share_steady", [0.1, 0.3, 0.5], lang="en")
    assert spec["boundaries"] == URL and spec["key"] == "province_code"
    assert spec["title"] == "Judul" and spec["subtitle"] == "Indonesia"
    assert spec["legend"]["title"] == "% of reporting members" and spec["legend"]["no_data_label"] == "no data"
    assert spec["bounds"] == [0, 0, 4, 1]
    positions = [p for p, _ in spec["legend"]["ticks"]]
    assert positions == sorted(positions) and 0 <= positions[0] and positions[-1] <= 1
    assert [label for _, label in spec["legend"]["ticks"]] == ["10", "20", "30", "40", "50"]


def test_a_figure_from_the_cache_gives_the_same_spec():
    """Streamlit's cache pickles figures; their numbers come back in plotly's typed-array form."""
    values = pd.DataFrame({"region_code": ["11", "12", "13"], "share_steady": [0.1, 0.3, 0.5]})
    fig = choropleth(GEO, values, "provinsi", "share_steady", "id", url=URL)
    assert web_spec(pickle.loads(pickle.dumps(fig))) == web_spec(fig)


def test_legend_ticks_are_round_and_in_the_languages_format():
    assert [label for _, label in ticks(0, 4000, "id")] == ["0", "1.000", "2.000", "3.000", "4.000"]
    assert [label for _, label in ticks(0.8, 1.3, "id")] == ["0,8", "0,9", "1,0", "1,1", "1,2", "1,3"]
    assert [value for value, _ in ticks(0.8, 1.3, "en")][0] == pytest.approx(0.8)
    for low, high in [(3.2, 97.1), (0.05, 0.3), (120, 131), (-5, 12)]:
        values = [value for value, _ in ticks(low, high, "id")]
        assert low - 1e-9 <= values[0] and values[-1] <= high + 1e-9 and 2 <= len(values) <= 7


def test_map_library_urls_only_when_every_file_is_there(tmp_path):
    assert web_assets.maplibre_urls(tmp_path) is None
    folder = web_assets.folder(tmp_path)
    folder.mkdir()
    for name in web_assets.FILES[:-1]:
        (folder / name.split("/")[-1]).write_text("x")
    assert web_assets.maplibre_urls(tmp_path) is None                 # the licence is missing
    (folder / "LICENSE.txt").write_text("x")
    urls = web_assets.maplibre_urls(tmp_path)
    assert urls == {"module": f"app/static/vendor/maplibre-gl-{web_assets.VERSION}/maplibre-gl.mjs",
                    "css": f"app/static/vendor/maplibre-gl-{web_assets.VERSION}/maplibre-gl.css"}


def test_map_library_build_without_npm_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(web_assets.AssetError, match="apt-get install -y npm"):
        web_assets.build(tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists()


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_map_library_build_unpacks_the_pinned_release(tmp_path):
    (tmp_path / "maplibre-gl-0.1.0").mkdir()                          # an older release goes
    target = web_assets.build(tmp_path)
    assert target.name == f"maplibre-gl-{web_assets.VERSION}" and web_assets.up_to_date(tmp_path)
    assert (target / "maplibre-gl.mjs").read_text().rstrip().endswith("sourceMappingURL=maplibre-gl.mjs.map")
    assert "BSD" in (target / "LICENSE.txt").read_text() or "Redistribution" in (target / "LICENSE.txt").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
