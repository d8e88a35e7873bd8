"""Importing monthly income reports: formats, bad input, whole-or-nothing, idempotence, history."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from analytics.config import ROOT
from analytics.ingest.income import import_income
from analytics.ingest.read import ReportFileError, read_table
from analytics.ingest.values import parse_month, parse_rupiah
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize("text, value", [("Rp 1.500.000", 1500000), ("1.500.000", 1500000), ("1500000", 1500000),
                                         ("Rp1.500.000,00", 1500000), ("-250.000", -250000)])
def test_rupiah_in_the_ways_reports_write_it(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize("text", ["1,5 juta", "abc", "", "1.50.000"])
def test_unreadable_amounts_are_errors(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["-", "--", "\u2013"])
def test_a_dash_is_refused_with_what_to_write_instead(text):
    with pytest.raises(ValueError, match="tulis 0"):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["2019-02", "Feb 2019", "Februari 2019", "28/02/2019", "2019-02-28", "februari 2019"])
def test_months_in_the_ways_reports_write_them(text):
    assert parse_month(text) == date(2019, 2, 1)


@pytest.fixture
def fx(tmp_path):
    f = Fixture(tmp_path / "i.duckdb")
    f.member(1, {0: 500_000, 1: 520_000}, size=1)          # AGT-1: Jan, Feb 2020
    f.member(2, {0: 800_000}, size=2, kube_id=2)           # AGT-2
    refresh(f.con)
    yield f
    f.con.close()


def write(tmp_path, text: str, name="laporan.csv", encoding="utf-8") -> object:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def snapshot(con):
    return con.execute("SELECT * FROM member_income ORDER BY ALL").fetchall()


@pytest.mark.parametrize("encoding, sep", [("utf-8", ","), ("utf-8-sig", ";"), ("latin-1", ";")])
def test_encodings_and_delimiters(fx, tmp_path, encoding, sep):
    text = f"anggota{sep}bulan{sep}pendapatan{sep}catatan\nAGT-1{sep}Maret 2020{sep}Rp 510.000{sep}Désa\n"
    result = import_income(fx.con, write(tmp_path, text, encoding=encoding), today=TODAY)
    assert result.ok and result.inserted == 1
    assert fx.con.execute("SELECT income_rupiah FROM member_income WHERE member_id = 1 AND month = '2020-03-01'").fetchall() == [(510000,)]


def test_xlsx_is_read(fx, tmp_path):
    path = tmp_path / "laporan.xlsx"
    pd.DataFrame({"anggota": ["AGT-2"], "bulan": ["2020-02"], "pendapatan": ["900000"]}).to_excel(path, index=False)
    assert import_income(fx.con, path, today=TODAY).inserted == 1


def test_every_bad_row_is_named_and_nothing_is_stored(fx, tmp_path):
    before = snapshot(fx.con)
    text = ("anggota,bulan,pendapatan,jumlah_art\n"
            "AGT-1,2020-03,600000,1\n"          # fine
            "AGT-999,2020-03,600000,\n"         # unknown member
            "AGT-2,2020-04,-5000,\n"            # negative
            "AGT-2,2031-01,600000,\n"           # future
            "AGT-1,2020-01,600000,\n"           # already stored
            "AGT-2,2020-05,600000,0\n"          # household size 0
            "AGT-2,bulan lalu,600000,\n")       # unreadable month
    result = import_income(fx.con, write(tmp_path, text), today=TODAY)
    assert not result.ok
    reasons = {(r.row, r.column): r.reason for r in result.rejected.itertuples()}
    assert "unknown member" in reasons[(3, "anggota")]
    assert "negative" in reasons[(4, "pendapatan")]
    assert "future" in reasons[(5, "bulan")]
    assert "already reported" in reasons[(6, "bulan")]
    assert "household size" in reasons[(7, "jumlah_art")]
    assert "not a month" in reasons[(8, "bulan")]
    assert (2, "anggota") not in reasons
    assert snapshot(fx.con) == before


def test_duplicates_within_the_file_are_rejected(fx, tmp_path):
    result = import_income(fx.con, write(tmp_path, "anggota,bulan,pendapatan\nAGT-1,2020-05,510000\nAGT-1,Mei 2020,520000\n"),
                           today=TODAY)
    assert set(result.rejected["row"]) == {2, 3} and result.rejected["reason"].str.contains("duplicate").all()


def test_missing_column_is_a_clear_error(fx, tmp_path):
    with pytest.raises(ReportFileError, match="missing column.*pendapatan"):
        import_income(fx.con, write(tmp_path, "anggota,bulan\nAGT-1,2020-05\n"), today=TODAY)


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    with pytest.raises(ReportFileError):
        read_table(path)


def test_reimporting_the_same_file_changes_nothing(fx, tmp_path):
    path = write(tmp_path, "anggota,bulan,pendapatan\nAGT-2,2020-02,900000\n")
    first = import_income(fx.con, path, today=TODAY)
    after_first = snapshot(fx.con)
    second = import_income(fx.con, path, today=TODAY)
    assert first.inserted == 1 and second.already_imported and snapshot(fx.con) == after_first


def test_replace_keeps_the_old_value_in_the_audit_log_and_refreshes(fx, tmp_path):
    result = import_income(fx.con, write(tmp_path, "anggota,bulan,pendapatan\nAGT-1,2020-02,100000\n"),
                           replace=True, today=TODAY)
    assert result.replaced == 1 and result.inserted == 0
    assert fx.con.execute("SELECT income_rupiah FROM member_income WHERE member_id = 1 AND month = '2020-02-01'").fetchall() == [(100000,)]
    audit = fx.con.execute("SELECT action, row_key, old_value FROM audit_log").fetchall()
    assert audit[0][0] == "replace" and audit[0][1] == "1/2020-02" and "520000" in audit[0][2]
    mart = fx.con.execute("SELECT income FROM mart_member_month WHERE member_id = 1 AND month = '2020-02-01'").fetchall()
    assert mart == [(100000,)]


def test_an_implausible_amount_is_flagged_not_dropped(fx, tmp_path):
    result = import_income(fx.con, write(tmp_path, "anggota,bulan,pendapatan\nAGT-1,2020-03,9000000\n"), today=TODAY)
    assert result.ok and result.inserted == 1 and len(result.flagged) == 1


def test_a_rejected_row_is_not_also_listed_for_review(fx, tmp_path):
    # -5.000 is far below the member's median too: the operator reads one reason, the rejection
    result = import_income(fx.con, write(tmp_path, "anggota,bulan,pendapatan\nAGT-1,2020-03,-5000\n"), today=TODAY)
    assert not result.ok and list(result.rejected["row"]) == [2] and result.flagged.empty


def test_command_line_names_rows_and_exits_non_zero(fx, tmp_path):
    path = write(tmp_path, "anggota,bulan,pendapatan\nAGT-404,2020-03,500000\n")
    db = fx.con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
    fx.con.close()
    report = tmp_path / "ditolak.csv"
    out = subprocess.run([sys.executable, "-m", "analytics", "import", str(path), "--kind", "income", "--db", db,
                          "--report", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "AGT-404" in out.stdout and "unknown member" in out.stdout
    assert pd.read_csv(report)["row"].tolist() == [2]
