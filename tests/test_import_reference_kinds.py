"""Poverty lines and minimum wages as import kinds (each row with its source, refresh applies
them), and `init`: a new real database with regions and reference tables."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from analytics.config import ROOT
from analytics.reference import N_REGENCIES, init_database
from analytics.store import open_store
from tests.import_helpers import reasons, run, store


@pytest.fixture
def fx(tmp_path):
    f = store(tmp_path)
    yield f
    f.con.close()


SOURCE = "BPS Sulawesi Tengah, BRS Juli 2020 <https://sulteng.bps.go.id>"


def test_a_poverty_line_file_replaces_ours_and_the_marts_follow(fx):
    before = fx.con.execute("SELECT pl_ratio FROM mart_member_month WHERE member_id = 1 AND month = '2020-02-01'").fetchall()
    text = f"provinsi,periode,garis_kemiskinan,sumber\nSulteng,2020-01,Rp 400.000,\"{SOURCE}\"\n"
    assert "already" in reasons(run(fx, "poverty_lines", text))[(2, "periode")]
    result = run(fx, "poverty_lines", text, replace=True)
    assert result.ok and result.replaced == 1
    assert fx.con.execute("SELECT line_per_capita, source FROM poverty_lines WHERE province_code = '72' "
                          "AND period = '2020-01-01'").fetchall() == [(400_000, SOURCE)]
    after = fx.con.execute("SELECT pl_ratio FROM mart_member_month WHERE member_id = 1 AND month = '2020-02-01'").fetchall()
    assert after[0][0] == pytest.approx(520_000 / 400_000) and after != before
    assert fx.con.execute("SELECT table_name FROM audit_log").fetchall() == [("poverty_lines",)]


def test_reference_rows_need_a_source_and_plausible_values(fx):
    result = run(fx, "poverty_lines", "provinsi,periode,garis_kemiskinan,sumber\nAtlantis,2024-03,600000,x\n"
                                      "72,2024-09,6000,\n00,2031-03,600000,BPS\n")
    got = reasons(result)
    assert "unknown province" in got[(2, "provinsi")] and "kosong" in got[(3, "sumber")]
    assert "Rp50.000-Rp10.000.000" in got[(3, "garis_kemiskinan")] and "future" in got[(4, "periode")]


def test_minimum_wages_import_with_sources(fx):
    text = f"provinsi,tahun,ump,sumber\nSulawesi Tengah,2024,Rp 2.736.698,\"SK Gubernur Sulteng\"\n00,2024,2000000,x\n"
    result = run(fx, "minimum_wages", text)
    assert "not nationally" in reasons(result)[(3, "provinsi")]
    result = run(fx, "minimum_wages", text.splitlines()[0] + "\n" + text.splitlines()[1] + "\n", name="u.csv")
    assert result.ok and fx.con.execute("SELECT ump_rupiah, source FROM minimum_wages WHERE year = 2024").fetchall() == \
        [(2_736_698, "SK Gubernur Sulteng")]


def test_init_creates_a_real_empty_database_with_regions(tmp_path, monkeypatch):
    monkeypatch.delenv("KUBE_NIK_KEY", raising=False)
    monkeypatch.setenv("KUBE_NIK_KEY_FILE", str(tmp_path / "nik.key"))
    path = tmp_path / "baru.duckdb"
    done = init_database(path)
    assert done["created"] and done["regencies"] == N_REGENCIES and done["poverty_lines"] > 0 and done["members"] == 0
    con = open_store(path)
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    assert meta["synthetic"] == "false" and len(meta["nik_key_fingerprint"]) == 64
    con.execute("INSERT INTO kube VALUES (5, 'KUBE Nyata', '72.01', DATE '2021-01-01', 'kopi', 'x', NULL, NULL, NULL, NULL)")
    con.close()
    again = init_database(path)
    assert not again["created"] and not again["reference_loaded"] and again["kube"] == 1


def test_init_and_import_from_the_command_line(tmp_path):
    env = {**os.environ, "KUBE_NIK_KEY_FILE": str(tmp_path / "nik.key")}
    env.pop("KUBE_NIK_KEY", None)
    path = tmp_path / "nyata.duckdb"
    missing = subprocess.run([sys.executable, "-m", "analytics", "import", str(tmp_path / "x.csv"), "--kind", "groups",
                              "--db", str(path)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert missing.returncode == 2
    out = subprocess.run([sys.executable, "-m", "analytics", "init", "--db", str(path)], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert f"{N_REGENCIES} regencies" in out.stdout and "new key written" in out.stdout
    groups = tmp_path / "groups.csv"
    groups.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n1,KUBE A,Bangkep,2021-07-15,kopi,x\n")
    out = subprocess.run([sys.executable, "-m", "analytics", "import", str(groups), "--kind", "groups", "--db", str(path)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    status = subprocess.run([sys.executable, "-m", "analytics", "status", "--db", str(path)], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=120)
    assert "data: imported (not synthetic)" in status.stdout and "NIK key: matches" in status.stdout
    assert "marts: up to date" in status.stdout
