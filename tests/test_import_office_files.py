"""Income reports as district offices actually send them, found while importing real-looking
office files: old month spellings (`Nop`, `Pebruari`), `Jumlah Pendapatan (Rp)` headers, member
codes retyped by hand, a totals row that counts its members, the month and year in two columns,
and a two-row header whose upper cells are merged down."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from tests.import_helpers import fx, reasons, run, workbook  # noqa: F401 (fx: a fixture)



def stored(fx, month: str) -> list[tuple[int, int]]:
    return fx.con.execute("SELECT member_id, income_rupiah FROM member_income WHERE month = ? ORDER BY member_id",
                          [month]).fetchall()


@pytest.mark.parametrize("spelling, month", [("Nop-20", "2020-11-01"), ("Nop. 2020", "2020-11-01"),
                                             ("Pebruari 2020", "2020-02-01"), ("Peb-20", "2020-02-01"),
                                             ("Mrt 2020", "2020-03-01"), ("Ags 2020", "2020-08-01")])
def test_old_month_spellings_of_office_letters_are_read(fx, spelling, month):
    result = run(fx, "income", f"ID Anggota;Bulan;Pendapatan (Rp)\nAGT-2;{spelling};1.500.000\n")
    assert result.ok, result.rejected
    assert (2, 1_500_000) in stored(fx, month)


@pytest.mark.parametrize("header", ["Jumlah Pendapatan (Rp)", "TOTAL PENGHASILAN", "Pendapatan/Bulan (Rp)"])
def test_income_headed_as_office_forms_head_it(fx, header):
    result = run(fx, "income", f"Kode Anggota;Bulan Laporan;{header}\nAGT-1;Maret 2020;Rp 510.000\n")
    assert result.ok, result.rejected
    assert stored(fx, "2020-03-01") == [(1, 510_000)]


def test_member_codes_retyped_in_lower_case_or_without_the_dash_are_found(fx):
    text = "id anggota,bulan,pendapatan\nagt-1,2020-03,510000\nAGT 0000002,2020-03,600000\n"
    result = run(fx, "income", text)
    assert result.ok, result.rejected
    assert stored(fx, "2020-03-01") == [(1, 510_000), (2, 600_000)]


def test_an_unknown_member_code_is_still_rejected(fx):
    result = run(fx, "income", "anggota,bulan,pendapatan\nagt-9,2020-03,510000\nBudi,2020-03,600000\n")
    assert reasons(result) == {(2, "anggota"): "anggota tidak dikenal / unknown member",
                               (3, "anggota"): "anggota tidak dikenal / unknown member"}
    assert stored(fx, "2020-03-01") == []


def test_a_totals_row_counting_its_members_is_never_stored(fx):
    text = ("No;ID Anggota;Bulan;Pendapatan (Rp)\n1;AGT-1;Mar 2020;510.000\n2;AGT-2;Mar 2020;600.000\n"
            "Jumlah;2 orang;;1.110.000\n")
    result = run(fx, "income", text)
    assert result.ok, result.rejected
    assert "totals row" in dict(zip(result.skipped["row"], result.skipped["reason"]))[4]
    assert stored(fx, "2020-03-01") == [(1, 510_000), (2, 600_000)]


def test_a_count_in_the_member_column_without_a_totals_label_is_rejected_not_dropped(fx):
    result = run(fx, "income", "anggota;bulan;pendapatan\nAGT-1;Mar 2020;510.000\n2 orang;Mar 2020;1.110.000\n")
    assert (3, "anggota") in reasons(result) and stored(fx, "2020-03-01") == []


def test_month_and_year_in_separate_columns(fx):
    sheet = [["No", "ID Anggota", "Bulan", "Tahun", "Pendapatan (Rp)"], [1, "AGT-1", "Maret", 2020, 510_000],
             [2, "AGT-2", 3, 2020, 600_000]]
    result = run(fx, "income", workbook({"Lap": sheet}), "lap.xlsx")
    assert result.ok, result.rejected
    assert any("Tahun" in n for n in result.notices)
    assert stored(fx, "2020-03-01") == [(1, 510_000), (2, 600_000)]


def test_a_bare_month_without_a_year_column_is_still_rejected(fx):
    result = run(fx, "income", "anggota;bulan;pendapatan\nAGT-1;Maret;510.000\n")
    assert "not a month" in reasons(result)[(2, "bulan")]


def test_a_two_row_header_with_cells_merged_down_and_group_subheadings(fx):
    book = Workbook()
    ws = book.active
    ws.append(["LAPORAN PENDAPATAN ANGGOTA KUBE"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["No.", "ID Anggota", "Laporan Bulanan", None, "Jumlah ART (orang)", "Keterangan"])
    ws.append([None, None, "Bulan Laporan", "Pendapatan (Rp)", None, None])
    for cells in ("A3:A4", "B3:B4", "C3:D3", "E3:E4", "F3:F4"):
        ws.merge_cells(cells)
    ws.append(["KUBE Uji 1"])
    ws.append([1, "AGT-1", datetime(2020, 3, 1), 510_000, 1, None])
    ws.append([])
    ws.append(["KUBE Uji 2"])
    ws.append([2, "AGT-2", datetime(2020, 3, 1), 600_000, 2, None])
    ws.append(["JUMLAH", None, None, 1_110_000])
    ws.merge_cells("A10:C10")
    for row in (6, 9):
        ws.cell(row, 3).number_format = "mmm-yy"
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(fx, "income", buffer.getvalue(), "laporan.xlsx")
    assert result.ok, result.rejected
    assert result.header_row == 4
    assert stored(fx, "2020-03-01") == [(1, 510_000), (2, 600_000)]
    assert fx.con.execute("SELECT household_size FROM member_income WHERE month = '2020-03-01' ORDER BY member_id"
                          ).fetchall() == [(1,), (2,)]


def test_a_numeric_nik_column_beside_member_codes_says_it_may_be_deleted(fx):
    from analytics.ingest.read import ReportFileError

    sheet = [["ID Anggota", "NIK", "Bulan", "Pendapatan (Rp)"], ["AGT-1", 7201014107900003, "Mar 2020", 510_000]]
    with pytest.raises(ReportFileError, match="NIK column may be deleted") as refused:
        run(fx, "income", workbook({"S": sheet}), "n.xlsx")
    assert "7201014107900003" not in str(refused.value)
    assert stored(fx, "2020-03-01") == []
