"""Boundaries: coverage, validity, known points, provinces = union of regencies, sizes, --source."""
from __future__ import annotations

import json
import shutil

import geopandas as gpd
import pytest
import shapely

from analytics.config import DATA_DIR
from analytics.geo import build
from analytics.geo.build import GeoError, GeoPaths, build_from_gadm, build_from_source, up_to_date
from analytics.geo.layers import from_web, layer, regencies_of, web_layer


@pytest.fixture(scope="module")
def geo(tmp_path_factory) -> GeoPaths:
    """The layers set-up built (data/geo), else a fresh build (needs npm or the download cache)."""
    if up_to_date(GeoPaths()):
        return GeoPaths()
    if shutil.which("npm") is None and not (DATA_DIR / "cache" / "geojson-indonesia").exists():
        pytest.skip("npm is not installed and no GADM download is cached: boundaries cannot be built")
    paths = GeoPaths(tmp_path_factory.mktemp("geo"))
    build_from_gadm(paths)
    return paths


@pytest.fixture(scope="module")
def regencies(geo) -> gpd.GeoDataFrame:
    return gpd.read_file(geo.regencies)


@pytest.fixture(scope="module")
def provinces(geo) -> gpd.GeoDataFrame:
    return gpd.read_file(geo.provinces)


def test_every_regency_and_province_has_a_valid_polygon(regencies, provinces):
    assert regencies["regency_code"].nunique() == 514 and len(regencies) == 514
    assert provinces["province_code"].nunique() == 38
    for frame in (regencies, provinces):
        assert frame.geometry.is_valid.all() and not frame.geometry.is_empty.any()
        assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("lon, lat, code", [
    (122.79, -0.95, "72.01"),     # Luwuk, Kabupaten Banggai
    (106.11, -2.13, "19.71"),     # Kota Pangkal Pinang
    (108.65, -7.69, "32.18"),     # Pangandaran (created after GADM's layout)
    (106.83, -6.18, "31.71"),     # Monas, Jakarta Pusat
])
def test_known_points_fall_in_the_right_regency(regencies, lon, lat, code):
    hits = regencies[regencies.contains(shapely.Point(lon, lat))]["regency_code"].tolist()
    assert hits == [code]


def test_each_province_is_the_union_of_its_regencies(regencies, provinces):
    """The province layer is the dissolve of the regency layer, simplified for national zoom:
    islets below ~1 km fall away (Kepulauan Riau loses most), nothing else moves."""
    metric = regencies.to_crs(3395)
    provs = provinces.to_crs(3395).set_index("province_code")
    differences = []
    for code, group in metric.groupby(metric["regency_code"].str[:2]):
        union = shapely.union_all(group.geometry.values)
        province = shapely.make_valid(provs.loc[code, "geometry"])
        overlap = union.intersection(province).area / union.union(province).area
        assert overlap > 0.85, (code, overlap)
        differences.append(union.symmetric_difference(province).area / union.area)
    assert sorted(differences)[len(differences) // 2] < 0.03


def test_each_regency_lies_inside_its_province(regencies, provinces):
    """Within the province layer's simplification tolerance (0.01 degrees), and nowhere else."""
    provs = provinces.set_index("province_code")
    grown = {code: geom.buffer(0.015) for code, geom in provs.geometry.items()}
    for row in regencies.itertuples():
        assert row.geometry.representative_point().within(grown[row.regency_code[:2]]), row.regency_code
        others = [c for c, g in grown.items() if c != row.regency_code[:2] and g.contains(row.geometry)]
        assert not others, (row.regency_code, others)


def test_neighbours_do_not_overlap(regencies):
    metric = regencies.to_crs(3395)
    total = metric.geometry.area.sum()
    union = shapely.union_all(metric.geometry.values).area
    assert (total - union) / union < 0.002


def test_layers_are_small_enough_for_the_browser(geo):
    assert geo.regencies.stat().st_size <= 5 * 2**20
    assert geo.provinces.stat().st_size <= 1 * 2**20


def test_build_report_says_how_each_regency_was_made(geo):
    import pandas as pd
    report = pd.read_csv(geo.report, dtype=str)
    assert len(report) == 514 and "missing" not in set(report["how"])
    new = report.set_index("regency_code").loc[["32.18", "18.13", "64.11", "72.11", "92.11"], "how"]
    assert new.str.startswith("assembled").all()


def test_layers_read_by_code(geo):
    sulteng = regencies_of("72", geo.root)
    codes = {f["properties"]["regency_code"] for f in sulteng["features"]}
    assert "72.01" in codes and all(c.startswith("72.") for c in codes) and len(codes) == 13
    assert len(layer("provinsi", geo.root)["features"]) == 38


def test_maps_fetch_boundaries_by_url_and_exports_embed_them(geo, tmp_path):
    """The browser gets a small figure and fetches the boundaries once from static/geo/; an
    exported image needs no server, so the boundaries go back into the figure."""
    import pandas as pd

    from analytics.charts.maps import choropleth, embedded

    url = web_layer("72", geo.root, tmp_path)
    assert url.startswith("app/static/geo/kabupaten_72.geojson?v=")
    written = json.loads((tmp_path / "kabupaten_72.geojson").read_text())
    assert written == regencies_of("72", geo.root) == from_web(url, geo.root)
    values = pd.DataFrame({"region_code": ["72.01", "72.02"], "share_steady": [0.2, 0.4]})
    fig = choropleth(regencies_of("72", geo.root), values, "kabupaten", "share_steady", "id", url=url)
    assert all(trace.geojson == url for trace in fig.data) and len(fig.to_json()) < 20_000
    drawn = embedded(fig)
    assert all(isinstance(trace.geojson, dict) and len(trace.geojson["features"]) == 13 for trace in drawn.data)
    assert all(trace.geojson == url for trace in fig.data)          # the shown figure is untouched
    assert web_layer(None, geo.root, tmp_path).startswith("app/static/geo/provinsi.geojson?v=")
    assert len(json.loads((tmp_path / "provinsi.geojson").read_text())["features"]) == 38


def square(lon: float, lat: float, size: float = 0.2) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                 [lon, lat + size], [lon, lat]]]}


def test_official_source_replaces_gadm_and_reports_gaps(tmp_path):
    source = tmp_path / "official.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"KODE": "72.01"}, "geometry": square(122.7, -1.0)},
        {"type": "Feature", "properties": {"KODE": "19.71"}, "geometry": square(106.0, -2.2)},
        {"type": "Feature", "properties": {"KODE": "99.99"}, "geometry": square(100.0, 0.0)},
    ]}))
    paths = GeoPaths(tmp_path / "geo")
    stamp = build_from_source(source, "KODE", paths)
    assert stamp["regencies"] == 2 and stamp["unknown_codes"] == ["99.99"]
    assert len(stamp["missing"]) == 512 and "11.01" in stamp["missing"]
    written = gpd.read_file(paths.regencies)
    assert set(written["regency_code"]) == {"72.01", "19.71"}
    assert set(gpd.read_file(paths.provinces)["province_code"]) == {"72", "19"}


def test_source_with_a_wrong_column_says_which_columns_exist(tmp_path):
    source = tmp_path / "x.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nama": "Banggai"}, "geometry": square(122.7, -1.0)}]}))
    with pytest.raises(GeoError, match="no column 'KODE'.*nama"):
        build_from_source(source, "KODE", GeoPaths(tmp_path / "geo"))


def test_without_npm_the_build_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    with pytest.raises(GeoError, match="npm"):
        build.fetch_gadm(tmp_path / "empty-cache")


def test_a_4_digit_code_is_read_as_bps_never_as_kemendagri():
    known = {"72.01", "72.02"}
    assert build.to_kemendagri("7202", known, {"7202": "72.01"}) == "72.01"
    assert build.to_kemendagri("7201", known, {"7202": "72.01"}) is None
    assert build.to_kemendagri("72.02", known, {}) == "72.02"
