"""Reference tables: complete regions, a line for every province and period, the lookup rule."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.reference import (N_PROVINCES, N_REGENCIES, NATIONAL, load_reference, minimum_wage_for,
                                 poverty_line_for, read_reference)
from analytics.store import open_store


@pytest.fixture(scope="module")
def ref():
    return read_reference()


def test_all_provinces_and_regencies_with_kemendagri_codes(ref):
    provinces, regencies = ref["provinces"], ref["regencies"]
    assert len(provinces) == N_PROVINCES and provinces["province_code"].is_unique
    assert len(regencies) == N_REGENCIES and regencies["regency_code"].is_unique
    assert regencies["regency_code"].str.fullmatch(r"\d{2}\.\d{2}").all()
    assert set(regencies["province_code"]) == set(provinces["province_code"])
    assert (regencies["kind"] == "kota").sum() == 98 and (regencies["kind"] == "kabupaten").sum() == 416
    named = dict(zip(regencies["regency_code"], regencies["name"]))
    assert named["72.01"] == "Kabupaten Banggai" and named["19.71"] == "Kota Pangkal Pinang"
    assert regencies["population"].notna().all() and regencies["source"].notna().all()


def test_every_reference_row_has_a_source(ref):
    for name, frame in ref.items():
        assert frame["source"].notna().all(), name


def test_every_province_has_a_line_or_a_flagged_fallback_for_each_period(ref):
    lines = ref["poverty_lines"]
    periods = sorted(lines["period"].unique())
    for code in ref["provinces"]["province_code"]:
        for period in periods:
            found = poverty_line_for(lines, code, period)
            assert found.line_per_capita is not None, (code, period)
            own_rows = lines[(lines["province_code"] == code) & (lines["period"] <= period)]
            assert found.is_national_fallback == own_rows.empty


LINES = pd.DataFrame({
    "province_code": ["00", "00", "72", "72"],
    "period": [date(2023, 3, 1), date(2024, 3, 1), date(2023, 3, 1), date(2023, 9, 1)],
    "line_per_capita": [550_000, 580_000, 560_000, 570_000],
})


@pytest.mark.parametrize("province, month, expected", [
    ("72", date(2023, 3, 1), (560_000, date(2023, 3, 1), False)),    # exactly at publication
    ("72", date(2023, 8, 1), (560_000, date(2023, 3, 1), False)),    # the month before a new line
    ("72", date(2023, 9, 1), (570_000, date(2023, 9, 1), False)),    # semester boundary
    ("72", date(2025, 1, 1), (570_000, date(2023, 9, 1), False)),    # latest own line, even if older than national
    ("72", date(2023, 2, 1), (None, None, True)),                    # before any line at all
    ("11", date(2023, 6, 1), (550_000, date(2023, 3, 1), True)),     # no own line: national, flagged
    ("11", date(2024, 3, 1), (580_000, date(2024, 3, 1), True)),
])
def test_line_lookup_rule(province, month, expected):
    found = poverty_line_for(LINES, province, month)
    assert (found.line_per_capita, found.period, found.is_national_fallback) == expected


def test_minimum_wage_prefers_the_year_then_earlier_then_earliest():
    wages = pd.DataFrame({"province_code": ["72", "72"], "year": [2024, 2025], "ump_rupiah": [2_900_000, 3_000_000]})
    assert minimum_wage_for(wages, "72", 2025) == (3_000_000, False)
    assert minimum_wage_for(wages, "72", 2026) == (3_000_000, True)
    assert minimum_wage_for(wages, "72", 2020) == (2_900_000, True)
    assert minimum_wage_for(wages, "11", 2025) == (None, True)


def test_reference_loads_into_the_store_and_reloads_without_duplicates(tmp_path):
    con = open_store(tmp_path / "r.duckdb")
    load_reference(con)
    load_reference(con)
    assert con.execute("SELECT count(*) FROM provinces").fetchone()[0] == N_PROVINCES
    assert con.execute("SELECT count(*) FROM regencies").fetchone()[0] == N_REGENCIES
    national = con.execute("SELECT count(*) FROM poverty_lines WHERE province_code = ?", [NATIONAL]).fetchone()[0]
    assert national >= 10


def test_code_lists_have_sources_and_unique_codes():
    from analytics.reference import chain_positions, channels, commodities
    for entries in (commodities(), channels(), chain_positions()):
        codes = [e.code for e in entries]
        assert codes and len(codes) == len(set(codes))
        assert all(e.name_id and e.name_en and e.source for e in entries)
    assert [p.code for p in chain_positions()] == ["hulu", "tengah", "hilir"]


def test_the_demo_reads_names_from_the_reference_and_keeps_only_economics():
    from analytics.demo.catalogue import CHAINS, CHANNELS, COMMODITIES, ECONOMICS
    from analytics.reference import chain_positions, channels, commodities
    assert [c.code for c in COMMODITIES] == [c.code for c in commodities()]
    assert {c.code: (c.name_id, c.name_en) for c in COMMODITIES} == {c.code: (c.name_id, c.name_en) for c in commodities()}
    assert CHANNELS == {c.code: (c.name_id, c.name_en) for c in channels()}
    assert set(ECONOMICS) == {c.code for c in commodities()}
    positions = {p.code for p in chain_positions()}
    assert all(stage.position in positions for chain in CHAINS for stage in chain.stages)


def test_the_importer_does_not_import_the_demo_generator():
    import subprocess
    import sys

    from analytics.config import ROOT
    code = ("import sys, analytics.ingest.engine, analytics.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('analytics.demo')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
