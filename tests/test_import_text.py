"""Text exports as offices send them: Windows-1252, Excel's UTF-16 'Unicode text' (tab-separated),
a `sep=;` first line, a trailing delimiter only on data rows, unquoted commas in amounts."""
from __future__ import annotations

import pytest

from analytics.ingest.read import ReportFileError, decode
from tests.import_helpers import reasons, run, store


@pytest.fixture
def fx(tmp_path):
    f = store(tmp_path)
    yield f
    f.con.close()


GROUP = "kode_kube;nama;wilayah;tanggal_bentuk;komoditas;jenis_usaha\r\n"


def test_windows_1252_is_decoded_as_cp1252_not_latin1(fx):
    text = GROUP + "60;KUBE Ma\u2019mur \u2013 Jaya;Kab. Banggai;2021-07-15;kelapa;pengolahan\r\n"
    data = text.encode("cp1252")
    assert decode(data) == (text, "Windows-1252")
    result = run(fx, "groups", data, "kube.csv")
    assert result.ok, result.rejected
    assert result.encoding == "Windows-1252"
    assert fx.con.execute("SELECT name FROM kube WHERE kube_id = 60").fetchall() == [("KUBE Ma\u2019mur \u2013 Jaya",)]


def test_excel_unicode_text_is_utf16_with_tabs(fx):
    text = "anggota\tbulan\tpendapatan\r\nAGT-1\t2020-03\t510000\r\nAGT-2\t2020-03\t\"1.250.000\"\r\n"
    result = run(fx, "income", b"\xff\xfe" + text.encode("utf-16-le"), "laporan.txt")
    assert result.ok, result.rejected
    assert result.encoding == "UTF-16" and result.delimiter == "\t" and result.inserted == 2


def test_tab_separated_utf8(fx):
    result = run(fx, "income", "anggota\tbulan\tpendapatan\nAGT-1\t2020-03\tRp 510.000\n", "laporan.tsv")
    assert result.ok and result.delimiter == "\t"


def test_a_sep_line_sets_the_delimiter_and_rows_are_numbered_as_excel_shows_them(fx):
    text = "sep=;\nanggota;bulan;pendapatan\nAGT-1;2020-03;510.000\nAGT-404;2020-03;510.000\n"
    result = run(fx, "income", text, "laporan.csv")
    assert result.delimiter == ";" and any("sep=" in n for n in result.notices)
    assert "unknown member" in reasons(result)[(3, "anggota")]


def test_a_trailing_delimiter_only_on_data_rows_is_fine(fx):
    result = run(fx, "income", "anggota;bulan;pendapatan\nAGT-1;2020-03;510.000;\nAGT-2;2020-03;600.000;\n")
    assert result.ok, result.rejected
    assert result.inserted == 2


def test_an_unquoted_comma_inside_an_amount_is_refused_not_truncated(fx):
    result = run(fx, "income", "anggota,bulan,pendapatan\nAGT-1,2020-03,1,500,000\nAGT-2,2020-03,600000\n")
    assert "more cells than the header" in reasons(result)[(2, "anggota")]
    assert not result.ok and (3, "anggota") not in reasons(result)


def test_title_lines_above_a_csv_header(fx):
    text = "Laporan pendapatan Maret 2020;;\nKabupaten Banggai;;\n;;\nanggota;bulan;pendapatan\nAGT-1;2020-03;510.000\n"
    result = run(fx, "income", text)
    assert result.ok and result.header_row == 4 and result.inserted == 1
    assert list(result.skipped["row"]) == [1, 2, 3]


@pytest.mark.parametrize("data, match", [
    (b"<html><body><table><tr><td>anggota</td></tr></table></body></html>", "HTML"),
    (b"", "kosong"),
    (b"\x00\x01\x02\xff\xfe" * 50, "biner"),
])
def test_files_that_are_not_reports_get_a_clear_message(fx, data, match):
    with pytest.raises(ReportFileError, match=match):
        run(fx, "income", data, "laporan.xls")
