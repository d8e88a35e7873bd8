"""Regions as people write them: aliases and abbreviations from the sourced alias table, a name
with its province, the three closest names for an unknown one, 4-digit codes read two ways."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.geo.build import GeoPaths
from analytics.ingest import regions
from analytics.ingest.regions import RegionResolver
from analytics.reference import read_reference, region_aliases
from tests.import_helpers import reasons, run, store


@pytest.fixture
def fx(tmp_path):
    f = store(tmp_path)
    yield f
    f.con.close()


@pytest.fixture
def bps(tmp_path) -> GeoPaths:
    """A BPS code table as the boundary build writes it (two Sulawesi Tengah rows, one Papua row)."""
    paths = GeoPaths(tmp_path / "geo")
    paths.root.mkdir()
    pd.DataFrame({"bps_code": ["7201", "7202", "7271", "9101"],
                  "regency_code": ["72.07", "72.01", "72.71", "92.01"]}).to_csv(paths.bps_codes, index=False)
    return paths


@pytest.mark.parametrize("written, code", [
    ("Kab. Banggai Kep.", "72.07"), ("Bangkep", "72.07"), ("BANGKEP", "72.07"), ("Parimo", "72.08"),
    ("Kab. Tolitoli", "72.04"), ("Toli-Toli", "72.04"), ("Banggai, Sulteng", "72.01"),
    ("Banggai - Sulawesi Tengah", "72.01"), ("Kab.Banggai", "72.01"), ("Touna", "72.09"), ("Kukar", "64.02"),
    ("Kota Palu", "72.71"), ("72.01", "72.01"), ("72,01", "72.01")])
def test_names_aliases_and_abbreviations(fx, written, code):
    assert RegionResolver(fx.con).regency(written) == (code, None)


def test_every_alias_has_a_source_and_points_at_a_real_region():
    aliases, ref = region_aliases(), read_reference()
    assert aliases["source_url"].str.startswith("http").all() and aliases["source_title"].str.len().gt(10).all()
    regencies, provinces = set(ref["regencies"]["regency_code"]), set(ref["provinces"]["province_code"])
    for row in aliases.itertuples():
        assert row.code in (regencies if row.level == "regency" else provinces), row.alias


def test_an_alias_never_shadows_an_official_name(fx):
    resolver = RegionResolver(fx.con, aliases=pd.DataFrame(columns=["alias", "code", "level"]))
    for row in region_aliases().itertuples():
        if row.level == "regency":
            assert resolver.by_name.get(regions.normalise(row.alias), {row.code}) == {row.code}, row.alias


def test_an_unknown_name_gets_the_three_closest(fx):
    code, reason = RegionResolver(fx.con).regency("Kab. Bangai")
    assert code is None and reason.count("(") == 3 and "Kabupaten Banggai (72.01)" in reason


def test_a_province_narrows_the_suggestions(fx):
    _, reason = RegionResolver(fx.con).regency("Tolli, Sulteng")
    assert "Kabupaten Toli-Toli (72.04)" in reason and all("(72." in part for part in reason.split("mean: ")[1].split(", "))


def test_a_code_that_reads_two_ways_gives_both_readings(fx, bps):
    code, reason = RegionResolver(fx.con, geo=bps).regency("7201")
    assert code is None
    assert "BPS 7201 = Kabupaten Banggai Kepulauan" in reason and "Kemendagri 72.01 = Kabupaten Banggai" in reason
    assert "Tulis 72.01" in reason and "BPS 7201" in reason
    assert RegionResolver(fx.con, geo=bps).regency("BPS 7201") == ("72.07", None)
    assert RegionResolver(fx.con, geo=bps).regency("7271") == ("72.71", None)        # both readings agree


def test_papua_codes_are_never_equated(fx, bps):
    code, reason = RegionResolver(fx.con, geo=bps).regency("9101")
    assert code is None and "Papua" in reason


def test_without_the_bps_table_a_bare_4_digit_code_is_refused(fx, tmp_path):
    code, reason = RegionResolver(fx.con, geo=GeoPaths(tmp_path / "none")).regency("7201")
    assert code is None and "72.01" in reason and "BPS" in reason


def test_the_import_names_the_row(fx, bps, monkeypatch):
    monkeypatch.setattr(regions, "GeoPaths", lambda: bps)
    result = run(fx, "groups", "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                               "61,A,Parimo,2021-07-15,kakao,produksi\n62,B,7201,2021-07-15,kakao,produksi\n")
    assert "reads two ways" in reasons(result)[(3, "wilayah")] and (2, "wilayah") not in reasons(result)
