"""Values as people write them: amounts (and amounts written in juta), day/month order decided per
file, NIKs with a text prefix, spaces or dots, and NIKs that went through a number cell."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analytics.ingest import columns
from analytics.ingest.dates import decide
from analytics.ingest.nik_column import NUMERIC_NIK
from analytics.ingest.read import ReportFileError
from analytics.ingest.settings import ImportSettings
from tests.import_helpers import fx, NIK_A, NIK_B, reasons, run, workbook  # noqa: F401 (fx: a fixture)



@pytest.mark.parametrize("text, value", [
    ("Rp 1.250.000,-", 1_250_000), ("1.250.000.-", 1_250_000), ("IDR 1.250.000", 1_250_000),
    ("1 250 000", 1_250_000), ("1\u00a0250\u00a0000", 1_250_000), ("Rp. 750.000", 750_000), ("Rp1.500.000,00", 1_500_000),
    ("1,250,000", 1_250_000), ("1.250.000,50", 1_250_001), ("-500.000", -500_000), ("(500.000)", -500_000), ("0", 0)])
def test_amount_spellings(text, value):
    values, errors = columns.rupiah(pd.Series([text]))
    assert values[0] == value and pd.isna(errors[0])


@pytest.mark.parametrize("text, meaning", [("1,5", "1,5 juta = Rp1.500.000"), ("2,5", "2,5 juta = Rp2.500.000"),
                                           ("0,75", "0,75 juta = Rp750.000"), ("1.5", "1,5 juta = Rp1.500.000")])
def test_an_amount_with_a_decimal_comma_is_refused_with_its_likely_meaning(text, meaning):
    values, errors = columns.rupiah(pd.Series([text]))
    assert pd.isna(values[0]) and meaning in errors[0]


@pytest.mark.parametrize("text, meaning", [("2", "2 juta = Rp2.000.000"), ("750", "750 juta"),
                                           ("1.500", "1.500 ribu = Rp1.500.000"), ("Rp 2.500", "2.500 ribu")])
def test_an_income_below_the_floor_is_refused_with_its_likely_meaning(text, meaning):
    values, errors = columns.rupiah(pd.Series([text]), floor=10_000)
    assert pd.isna(values[0]) and meaning in errors[0] and "Rp10.000" in errors[0]


def test_the_floor_is_a_parameter_and_zero_is_a_report(fx):
    text = "anggota,bulan,pendapatan\nAGT-1,2020-03,0\nAGT-2,2020-03,25000\n"
    strict = run(fx, "income", text, settings=ImportSettings(income_floor_rupiah=50_000), dry_run=True)
    assert list(strict.rejected["row"]) == [3] and "Rp50.000" in strict.rejected["reason"][0]
    assert run(fx, "income", text).ok                     # default floor Rp10.000: both stored


def test_a_numeric_excel_cell_of_1_5_in_an_income_column_is_refused(fx):
    sheet = [["anggota", "bulan", "pendapatan"], ["AGT-1", "2020-03", 1.5], ["AGT-2", "2020-03", 1_250_000]]
    result = run(fx, "income", workbook({"S": sheet}), "x.xlsx")
    got = reasons(result)
    assert "1,5 juta = Rp1.500.000" in got[(2, "pendapatan")] and (3, "pendapatan") not in got


def test_day_month_order_settled_by_a_day_above_12(fx):
    text = ("nik,kode_kube,tanggal_gabung,jumlah_art\n"
            f"{NIK_A},1,02/03/2020,4\n{NIK_B},1,13/03/2020,3\n")
    result = run(fx, "members", text)
    assert result.ok and result.date_order == "dmy" and result.date_order_source == "values"
    assert any("day/month/year" in n and "13/03/2020" in n for n in result.notices)
    assert sorted(r[0] for r in fx.con.execute("SELECT joined_on FROM members WHERE nik_hash IS NOT NULL").fetchall()) == \
        [date(2020, 3, 2), date(2020, 3, 13)]


def test_month_day_order_from_a_us_excel(fx):
    text = "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n61,A,72.01,3/2/2021,kopi,x\n62,B,72.01,3/25/2021,kopi,x\n"
    result = run(fx, "groups", text)
    assert result.ok and result.date_order == "mdy"
    assert fx.con.execute("SELECT formed_on FROM kube WHERE kube_id = 61").fetchall() == [(date(2021, 3, 2),)]


def test_nothing_settles_the_order_so_the_ambiguous_dates_are_refused(fx):
    text = f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_A},1,02/03/2020,4\n{NIK_B},1,05/05/2020,3\n"
    result = run(fx, "members", text)
    assert result.date_order_needed and result.date_order is None
    assert "ambiguous date" in reasons(result)[(2, "tanggal_gabung")]
    assert (3, "tanggal_gabung") not in reasons(result)          # 05/05 reads the same both ways
    chosen = run(fx, "members", text, date_order="mdy")
    assert chosen.ok and chosen.date_order_source == "operator"
    assert fx.con.execute("SELECT min(joined_on) FROM members WHERE nik_hash IS NOT NULL").fetchall() == [(date(2020, 2, 3),)]


def test_a_file_mixing_both_orders_is_refused():
    order = decide({"d": pd.Series(["13/02/2020", "02/13/2020", "03/04/2020"])})
    assert order.source == "conflict" and order.order is None
    values, errors = columns.day(pd.Series(["13/02/2020", "02/13/2020", "03/04/2020"]), order)
    assert values.isna().all() and errors.str.contains("mixes day/month and month/day").all()


@pytest.mark.parametrize("text", ["2019-02", "Feb 2019", "Februari 2019", "feb-19", "02/2019", "2019-02-01 00:00:00"])
def test_month_spellings(text):
    values, errors = columns.month(pd.Series([text]))
    assert values[0] == date(2019, 2, 1) and pd.isna(errors[0])


@pytest.mark.parametrize("written", [f"'{NIK_A}", "7201 0141 0790 0003", "7201.0141.0790.0003", f" {NIK_A} "])
def test_niks_written_with_a_text_prefix_spaces_or_dots(fx, written):
    result = run(fx, "members", f"nik,kode_kube,tanggal_gabung,jumlah_art\n\"{written}\",1,2020-02-01,4\n")
    assert result.ok, result.rejected
    assert fx.con.execute("SELECT nik_masked FROM members WHERE nik_hash IS NOT NULL").fetchall() == [("7201********0003",)]


@pytest.mark.parametrize("written", ["7.20101E+15", "7,20101E+15", "7201014107900000.0"])
def test_a_nik_that_went_through_a_number_cell_refuses_the_column(fx, written):
    with pytest.raises(ReportFileError) as refused:
        run(fx, "members", f"nik;kode_kube;tanggal_gabung;jumlah_art\n{written};1;2020-02-01;4\n{NIK_B};1;2020-02-01;4\n")
    assert NUMERIC_NIK in str(refused.value)


def test_a_column_where_every_nik_ends_in_zero_came_from_numbers(fx):
    niks = ["7201014107900010", "7201014107900020", "7201014107900030", "7201014107900040", "7201014107900050"]
    text = "nik,kode_kube,tanggal_gabung,jumlah_art\n" + "".join(f"{n},1,2020-02-01,4\n" for n in niks)
    with pytest.raises(ReportFileError, match="every NIK ends in 0"):
        run(fx, "members", text)
    assert run(fx, "members", text.replace("7201014107900050", NIK_A)).ok        # one real serial settles it


def test_a_month_or_report_date_in_the_future_is_refused_by_row_and_nothing_is_stored(fx):
    """TODAY is 2026-11-28: November's report may come in, December's may not; a report dated after
    today (a mistyped year, 2027 for 2026) is refused too, and the file is stored whole or not at all."""
    before = fx.con.execute("SELECT count(*) FROM member_income").fetchone()[0]
    text = ("anggota,bulan,pendapatan,tanggal_lapor\n"
            "AGT-1,2026-11,600000,2026-11-28\n"
            "AGT-2,2026-12,600000,2026-11-28\n"
            "AGT-1,2026-10,600000,2027-11-05\n")
    result = run(fx, "income", text)
    got = reasons(result)
    assert not result.ok and set(got) == {(3, "bulan"), (4, "tanggal_lapor")}
    assert "bulan di masa depan / month in the future" in got[(3, "bulan")]
    assert "tanggal lapor di masa depan / report date in the future" in got[(4, "tanggal_lapor")]
    assert fx.con.execute("SELECT count(*) FROM member_income").fetchone()[0] == before
    assert run(fx, "income", "anggota,bulan,pendapatan,tanggal_lapor\nAGT-1,2026-11,600000,2026-11-28\n").ok


def test_a_group_formed_after_today_is_refused(fx):
    text = "kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n61,A,72.01,2026-11-28,kopi,x\n62,B,72.01,2026-12-01,kopi,x\n"
    got = reasons(run(fx, "groups", text))
    assert set(got) == {(3, "tanggal_bentuk")} and "tanggal di masa depan / date in the future" in got[(3, "tanggal_bentuk")]
