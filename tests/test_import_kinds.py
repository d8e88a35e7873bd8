"""Import of groups, members (NIK), business reports, sales and orders; regions as written;
templates; the CLI for every kind; NIK never stored or shown in clear."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from analytics.config import ROOT
from analytics.ingest.engine import import_bytes, template_bytes
from analytics.ingest.kinds import KINDS
from analytics.ingest.read import ReportFileError, read_bytes
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture

TODAY = date(2026, 11, 28)
NIK_A = "7201014107900003"      # Banggai, a woman born 01-07-1990
NIK_B = "7201011503850007"      # Banggai, a man born 15-03-1985


@pytest.fixture
def fx(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBE_NIK_KEY", "test-key-not-secret")
    f = Fixture(tmp_path / "k.duckdb")
    f.member(1, {0: 500_000, 1: 520_000})
    refresh(f.con)
    yield f
    f.con.close()


def run(fx, kind: str, text: str, replace: bool = False, name: str = "f.csv"):
    return import_bytes(fx.con, text.encode("utf-8"), name, kind, replace=replace, today=TODAY)


def reasons(result) -> dict[tuple[int, str], str]:
    return {(r.row, r.column): r.reason for r in result.rejected.itertuples()}


def table(con, name: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()


@pytest.mark.parametrize("written, code", [("72.01", "72.01"), ("Kab. Banggai", "72.01"), ("KABUPATEN BANGGAI", "72.01"),
                                           ("Kota Pangkalpinang", "19.71"), ("Pangkal Pinang", "19.71"),
                                           ("Kota Palu", "72.71"), ("kab banggai laut", "72.11")])
def test_groups_with_regions_as_operators_write_them(fx, written, code):
    result = run(fx, "groups", "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                               f"50,KUBE Baru,{written},15/07/2021,Kelapa,pengolahan\n")
    assert result.ok, result.rejected
    assert fx.con.execute("SELECT regency_code, formed_on, commodity FROM kube WHERE kube_id = 50").fetchall() == \
        [(code, date(2021, 7, 15), "kelapa")]


def test_group_file_problems_are_named_and_nothing_is_stored(fx):
    before = table(fx.con, "kube")
    result = run(fx, "groups", "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha,pendamping,dana_bantuan\n"
                               "60,A,Kab. Banggai,2021-07-15,kelapa,produksi,1,Rp 5.000.000\n"
                               "61,B,Bandung,2021-07-15,kelapa,produksi,,\n"
                               "62,C,Atlantis,2021-07-15,kelapa,produksi,,\n"
                               "63,D,72.01,2031-01-01,kelapa,produksi,,\n"
                               "64,E,72.01,2021-07-15,emas,produksi,99,-5.000\n"
                               "1,F,72.01,2021-07-15,kelapa,produksi,,\n"
                               "60,G,72.01,2021-07-15,kelapa,produksi,,\n")
    got = reasons(result)
    assert "ambiguous" in got[(3, "wilayah")]
    assert "unknown region" in got[(4, "wilayah")]
    assert "future" in got[(5, "tanggal_bentuk")]
    assert "unknown value" in got[(6, "komoditas")]
    assert "unknown facilitator_id" in got[(6, "pendamping")]
    assert "negative" in got[(6, "dana_bantuan")]
    assert "already" in got[(7, "kode_kube")]
    assert "duplicate" in got[(2, "kode_kube")] and "duplicate" in got[(8, "kode_kube")]
    assert table(fx.con, "kube") == before


def test_members_keep_only_a_keyed_hash_and_a_masked_nik(fx):
    result = run(fx, "members", "nik,kode_kube,tanggal_gabung,jumlah_art,jenis_kelamin_kepala\n"
                                f"{NIK_A},1,2020-02-01,4,P\n{NIK_B},1,2020-03-01,3,laki-laki\n")
    assert result.ok, result.rejected
    rows = fx.con.execute("SELECT member_id, pseudonym, nik_hash, nik_masked, head_sex FROM members "
                          "WHERE nik_hash IS NOT NULL ORDER BY member_id").fetchall()
    assert [r[3] for r in rows] == ["7201********0003", "7201********0007"]
    assert [r[4] for r in rows] == ["P", "L"]
    assert all(len(r[2]) == 64 and NIK_A not in r[2] for r in rows)
    assert rows[0][1] == f"AGT-{rows[0][0]:07d}"
    dump = "\n".join(str(r) for t in ("members", "audit_log", "import_rejections", "import_attempts")
                     for r in table(fx.con, t))
    assert NIK_A not in dump and NIK_B not in dump
    # The same NIK again is a duplicate, and the report shows it masked.
    again = run(fx, "members", f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_A},1,2020-02-01,5\n", name="g.csv")
    assert "already" in reasons(again)[(2, "nik")]
    assert again.rejected["value"].tolist() == ["7201********0003"]


def test_member_rules(fx):
    result = run(fx, "members", "nik,kode_kube,tanggal_gabung,tanggal_keluar,jumlah_art\n"
                                "7201019999900003,1,2020-02-01,,4\n"              # impossible birth date
                                "9901014107900003,1,2020-02-01,,4\n"              # unknown province
                                "12345,1,2020-02-01,,4\n"                         # not 16 digits
                                f"{NIK_A},77,2020-02-01,,4\n"                     # unknown group
                                f"{NIK_B},1,2019-06-01,,4\n"                      # before the group was formed
                                "7201015506920001,1,2020-02-01,2020-01-01,40\n")  # exit before joining, size 40
    got = reasons(result)
    assert "NIK" in got[(2, "nik")] and "NIK" in got[(3, "nik")] and "16" in got[(4, "nik")]
    assert "unknown group" in got[(5, "kode_kube")]
    assert "before the group was formed" in got[(6, "tanggal_gabung")]
    assert "exit before joining" in got[(7, "tanggal_keluar")]
    assert "household size" in got[(7, "jumlah_art")]
    assert "7201019999900003" not in result.rejected.to_string()


def test_income_by_nik_after_members_are_imported(fx):
    assert run(fx, "members", f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_A},1,2020-02-01,4\n").ok
    result = run(fx, "income", f"nik,bulan,pendapatan\n{NIK_A},Maret 2020,Rp 1.250.000\n", name="i.csv")
    assert result.ok, result.rejected
    member = fx.con.execute("SELECT member_id FROM members WHERE nik_masked = '7201********0003'").fetchall()[0][0]
    assert fx.con.execute("SELECT income_rupiah FROM member_income WHERE member_id = ?", [member]).fetchall() == [(1_250_000,)]
    assert fx.con.execute("SELECT count(*) FROM mart_member_month WHERE member_id = ?", [member]).fetchall()[0][0] > 0


def test_business_sales_orders(fx):
    fx.con.execute("INSERT INTO offtakers VALUES (3, 'PT Uji (sintetis)', 'exporter', '72.01', 'arang', NULL)")
    business = run(fx, "business", "kode_kube;bulan;omzet;biaya;tabungan;iks\n"
                                   "1;Feb 2020;Rp 4.500.000;3.100.000;250000;Rp 50.000\n"
                                   "1;2019-11;1;1;1;1\n", name="b.csv")
    assert "before the group was formed" in reasons(business)[(3, "bulan")]
    business = run(fx, "business", "kode_kube;bulan;omzet;biaya;tabungan;iks\n1;Feb 2020;Rp 4.500.000;3.100.000;250000;Rp 50.000\n",
                   name="b2.csv")
    assert business.ok and table(fx.con, "kube_business")[0][:6] == (1, date(2020, 2, 1), 4_500_000, 3_100_000, 250_000, 50_000)
    sales = run(fx, "sales", "kode_kube,bulan,saluran,produk,jumlah,satuan,nilai,offtaker\n"
                             "1,2020-02,Marketplace daring,minyak,\"12,5\",liter,Rp 300.000,\n"
                             "1,2020-02,toko,minyak,10,liter,200000,3\n"
                             "1,2020-02,lapak,minyak,10,liter,200000,9\n", name="s.csv")
    got = reasons(sales)
    assert "unknown value" in got[(4, "saluran")] and "unknown offtaker" in got[(4, "offtaker")]
    orders = run(fx, "orders", "offtaker,bulan,produk,jumlah,satuan,nilai\n3,2020-02,arang,2.500,kg,Rp 17.500.000\n",
                 name="o.csv")
    assert orders.ok and table(fx.con, "orders")[0][:6] == (3, date(2020, 2, 1), "arang", 2500.0, "kg", 17_500_000)


def test_replace_of_a_group_keeps_the_old_row_in_the_audit_log(fx):
    text = "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n1,Nama Baru,72.01,2020-01-01,kelapa,produksi\n"
    assert "already" in reasons(run(fx, "groups", text))[(2, "kode_kube")]
    result = run(fx, "groups", text, replace=True)
    assert result.ok and result.replaced == 1
    assert fx.con.execute("SELECT name FROM kube WHERE kube_id = 1").fetchall() == [("Nama Baru",)]
    old = fx.con.execute("SELECT table_name, row_key, old_value FROM audit_log").fetchall()
    assert old[0][0] == "kube" and old[0][1] == "1" and "KUBE Uji 1" in old[0][2]


def test_missing_columns_and_wrong_files_are_clear(fx):
    with pytest.raises(ReportFileError, match="missing column.*wilayah"):
        run(fx, "groups", "kode_kube,nama\n1,x\n")
    with pytest.raises(ReportFileError, match="anggota atau nik"):
        run(fx, "income", "bulan,pendapatan\n2020-01,1\n")


def test_rejected_attempts_are_logged_by_reason(fx):
    run(fx, "groups", "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n70,A,Atlantis,2021-07-15,kelapa,x\n")
    rows = fx.con.execute("SELECT a.kind, a.batch_id, r.column_name, r.reason FROM import_attempts a "
                          "JOIN import_rejections r USING (attempt_id)").fetchall()
    assert [r[:3] for r in rows] == [("groups", None, "wilayah")]
    assert rows[0][3].startswith("wilayah tidak dikenal / unknown region; mungkin / did you mean: ")


def test_last_import_per_region_is_recorded(fx):
    assert run(fx, "income", "anggota,bulan,pendapatan\nAGT-1,2020-03,510000\n").ok
    assert fx.con.execute("SELECT regency_code, rows FROM import_batch_regions").fetchall() == [("72.01", 1)]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_have_every_column_and_read_back(kind, fmt):
    frame = read_bytes(template_bytes(kind, fmt), f"t.{fmt}")
    assert list(frame.columns) == [c.name for c in KINDS[kind].columns]
    assert len(frame) == 1


def test_cli_imports_every_kind_and_reports_rejections(fx, tmp_path):
    fx.con.close()
    db = tmp_path / "k.duckdb"
    good = tmp_path / "groups.csv"
    good.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n80,KUBE CLI,Kab. Banggai,2021-01-05,kopi,produksi\n")
    done = subprocess.run([sys.executable, "-m", "analytics", "import", str(good), "--kind", "groups", "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT, env={"KUBE_NIK_KEY": "k", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "batch" in done.stdout
    bad = tmp_path / "members.csv"
    bad.write_text(f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_A},999,2021-02-01,4\n")
    report = tmp_path / "ditolak.csv"
    done = subprocess.run([sys.executable, "-m", "analytics", "import", str(bad), "--kind", "members", "--db", str(db),
                           "--report", str(report)], capture_output=True, text=True, cwd=ROOT,
                          env={"KUBE_NIK_KEY": "k", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1 and "nothing was imported" in done.stderr
    assert NIK_A not in done.stdout + done.stderr
    assert pd.read_csv(report)["reason"].str.contains("unknown group").all()


@pytest.mark.parametrize("replace", [False, True])
def test_a_failure_while_storing_leaves_the_database_exactly_as_before(fx, monkeypatch, replace):
    from analytics.ingest import storing
    tables = ("member_income", "import_batches", "audit_log", "import_batch_regions", "mart_member_month")
    before = {t: table(fx.con, t) for t in tables}

    def broken(*args, **kwargs):       # fails after the rows were deleted (replace) and inserted
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(storing, "batch_regions", broken)
    text = "anggota,bulan,pendapatan\nAGT-1,2020-02,999000\nAGT-1,2020-03,510000\n"
    if not replace:
        text = "anggota,bulan,pendapatan\nAGT-1,2020-03,510000\nAGT-1,2020-04,530000\n"
    with pytest.raises(storing.ImportFailed, match="tidak ada yang disimpan.*nothing was stored") as failure:
        run(fx, "income", text, replace=replace)
    assert "simulated" in str(failure.value) and "python -m analytics import" in str(failure.value)
    assert {t: table(fx.con, t) for t in tables} == before
