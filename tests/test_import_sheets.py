"""Workbooks as offices make them: titles, merged title cells, a No. column, blank rows, a totals
row, a signature block, the data on another sheet, numeric NIK cells, real date cells, header
variants. Every workbook is written here with openpyxl, with the cell types Excel produces."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from analytics.ingest.read import ReportFileError
from analytics.ingest.nik_column import NUMERIC_NIK
from tests.import_helpers import fx, NIK_A, NIK_B, TODAY, reasons, run, table, workbook  # noqa: F401 (fx: a fixture)



def dinas_sheet(rows: list[list[object]]) -> list[list[object]]:
    """A Dinas Sosial report: two title lines, a blank line, the header, rows, totals, signature."""
    return [["LAPORAN PENDAPATAN ANGGOTA KUBE"], ["DINAS SOSIAL KABUPATEN BANGGAI - MARET 2020"], [],
            ["No.", "Nama Samaran", "Bulan", "Pendapatan (Rp)", "Keterangan"], *rows,
            [None, None, None, None, None],
            ["JUMLAH", None, None, 1_110_000, None], [],
            [None, None, None, "Luwuk, 5 April 2020"], [None, None, None, "Mengetahui,"],
            [None, None, None, "Kepala Dinas Sosial"], [], [None, None, None, "Drs. H. Ahmad, M.Si"],
            [None, None, None, "NIP. 19700101 199003 1 001"]]


def test_a_dinas_report_is_read_below_its_titles_and_above_its_signature(fx):
    rows = [[1, "AGT-1", datetime(2020, 3, 1), 510_000, "lapor tepat waktu"],
            [2, "AGT-2", datetime(2020, 3, 1), 600_000, None]]
    data = workbook({"Laporan": dinas_sheet(rows)}, merges={"Laporan": ["A1:E1", "A2:E2"]})
    result = run(fx, "income", data, "laporan.xlsx")
    assert result.ok, result.rejected
    assert result.header_row == 4 and result.inserted == 2
    skipped = dict(zip(result.skipped["row"], result.skipped["reason"]))
    assert {1, 2, 3} <= set(skipped) and "title" in skipped[1]
    assert "totals row" in skipped[8] and "blank" in skipped[7]
    assert all("signature" in skipped[r] for r in (10, 11, 12, 14, 15))
    assert any("rows 8" in n and "totals" in n for n in result.notices)
    stored = fx.con.execute("SELECT member_id, income_rupiah FROM member_income WHERE month = '2020-03-01' "
                            "ORDER BY member_id").fetchall()
    assert stored == [(1, 510_000), (2, 600_000)]          # the totals row (1.110.000) is never stored


def test_a_totals_row_without_a_label_in_the_id_column_is_still_never_stored(fx):
    sheet = [["No", "Anggota", "Bulan", "Pendapatan"], [1, "AGT-1", "2020-03", 510_000],
             [None, "TOTAL", None, 510_000]]
    result = run(fx, "income", workbook({"S": sheet}), "t.xlsx")
    assert result.ok and result.inserted == 1
    assert fx.con.execute("SELECT count(*) FROM member_income WHERE income_rupiah = 510000").fetchall()[0][0] == 1


def test_numbered_empty_rows_and_sub_headings_are_skipped_with_reasons(fx):
    sheet = [["No.", "anggota", "bulan", "pendapatan"], ["Kecamatan Luwuk"], [1, "AGT-1", "2020-03", 510_000],
             [2, None, None, None], [3, None, None, None]]
    result = run(fx, "income", workbook({"S": sheet}), "t.xlsx")
    assert result.ok and result.inserted == 1
    skipped = dict(zip(result.skipped["row"], result.skipped["reason"]))
    assert "sub-heading" in skipped[2] and "row number" in skipped[4] and "row number" in skipped[5]


def test_a_data_row_with_an_id_is_never_skipped_it_is_rejected(fx):
    sheet = [["anggota", "bulan", "pendapatan"], ["AGT-1", "2020-03", None]]
    result = run(fx, "income", workbook({"S": sheet}), "t.xlsx")
    assert reasons(result)[(2, "pendapatan")] == "kosong / empty" and result.skipped.empty


def test_real_excel_date_cells_are_read_without_any_day_month_question(fx):
    sheet = [["nik", "kode_kube", "tanggal_gabung", "jumlah_art"], [NIK_A, 1, datetime(2020, 2, 3), 4],
             [NIK_B, 1, datetime(2020, 3, 4), 3]]
    result = run(fx, "members", workbook({"Anggota": sheet}, text_columns={"Anggota": "A"}), "a.xlsx")
    assert result.ok, result.rejected
    assert result.date_order_source == "none" and not result.date_order_needed
    assert [r[0] for r in fx.con.execute("SELECT joined_on FROM members WHERE nik_hash IS NOT NULL "
                                         "ORDER BY joined_on").fetchall()] == [date(2020, 2, 3), date(2020, 3, 4)]


@pytest.mark.parametrize("cell", [7201014107900000, 7.20101410790000e15, 7201014107900000.0])
def test_a_nik_typed_as_an_excel_number_refuses_the_column(fx, cell):
    sheet = [["nik", "kode_kube", "tanggal_gabung", "jumlah_art"], [cell, 1, datetime(2020, 2, 3), 4],
             [NIK_B, 1, datetime(2020, 3, 4), 3]]
    before = table(fx.con, "members")
    with pytest.raises(ReportFileError) as refused:
        run(fx, "members", workbook({"Anggota": sheet}), "a.xlsx")
    assert NUMERIC_NIK in str(refused.value) and "baris 2" in str(refused.value)
    assert "7201014107900000" not in str(refused.value)
    assert table(fx.con, "members") == before


def test_header_variants_with_units_case_and_spaces_are_matched(fx):
    sheet = [["NIK ", "Kode KUBE", "Tanggal Bergabung (yyyy-mm-dd)", "Jumlah ART (orang)", "L/P"],
             [NIK_A, "1", "2020-02-03", "4", "P"]]
    result = run(fx, "members", workbook({"S": sheet}), "a.xlsx")
    assert result.ok, result.rejected
    assert fx.con.execute("SELECT household_size, head_sex FROM members WHERE nik_hash IS NOT NULL").fetchall() == [(4, "P")]


def test_two_columns_meaning_the_same_field_are_refused_naming_both(fx):
    sheet = [["anggota", "bulan", "Pendapatan (Rp)", "income"], ["AGT-1", "2020-03", 510_000, 510_000]]
    with pytest.raises(ReportFileError, match=r"kolom C 'Pendapatan \(Rp\)' dan kolom D 'income' -> pendapatan"):
        run(fx, "income", workbook({"S": sheet}), "t.xlsx")


def test_the_sheet_with_the_expected_header_is_found_and_named(fx):
    data = workbook({"Petunjuk": [["Isi data di lembar 'Maret'"], ["Jangan ubah judul kolom"]],
                     "Rekap": [["Kecamatan", "Jumlah KUBE"], ["Luwuk", 3]],
                     "Maret": [["anggota", "bulan", "pendapatan"], ["AGT-1", "2020-03", 510_000]]})
    result = run(fx, "income", data, "t.xlsx")
    assert result.ok and result.sheet == "Maret" and result.sheets == ("Petunjuk", "Rekap", "Maret")
    assert any("'Maret'" in n for n in result.notices)


def test_the_operator_may_choose_the_sheet(fx):
    data = workbook({"Maret": [["anggota", "bulan", "pendapatan"], ["AGT-1", "2020-03", 510_000]],
                     "April": [["anggota", "bulan", "pendapatan"], ["AGT-1", "2020-04", 530_000]]})
    result = run(fx, "income", data, "t.xlsx", sheet="April")
    assert result.ok and result.sheet == "April"
    assert fx.con.execute("SELECT income_rupiah FROM member_income WHERE month = '2020-04-01'").fetchall() == [(530_000,)]
    # the other sheet of the same workbook is a different import, not "already imported"
    other = run(fx, "income", data, "t.xlsx", sheet="Maret")
    assert other.ok and not other.already_imported and other.inserted == 1
    with pytest.raises(ReportFileError, match="lembar 'Mei' tidak ada.*Maret, April"):
        run(fx, "income", data, "t.xlsx", sheet="Mei")


def test_vertically_merged_group_codes_apply_to_every_row_they_cover(fx):
    sheet = [["kode_kube", "bulan", "omzet", "biaya", "tabungan", "iks"],
             [1, "2020-02", 4_500_000, 3_100_000, 250_000, 50_000],
             [None, "2020-03", 4_600_000, 3_000_000, 250_000, 50_000]]
    result = run(fx, "business", workbook({"S": sheet}, merges={"S": ["A2:A3"]}), "b.xlsx")
    assert result.ok, result.rejected
    assert fx.con.execute("SELECT kube_id, count(*) FROM kube_business GROUP BY ALL").fetchall() == [(1, 2)]
    assert any("A2:A3" in n for n in result.notices)
