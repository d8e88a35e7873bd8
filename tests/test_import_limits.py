"""Limits named in their messages, a zip bomb refused before parsing, the page's upload limit,
failures while storing or refreshing told without a traceback, and `status` seeing stale marts."""
from __future__ import annotations

import io
import tomllib
import zipfile

import pytest

from analytics.config import ROOT
from analytics.ingest import storing
from analytics.ingest.read import ReportFileError
from analytics.ingest.settings import DEFAULT_SETTINGS, ImportSettings
from analytics.status import status_report
from analytics.store import StoreError
from tests.import_helpers import run, store, table


@pytest.fixture
def fx(tmp_path):
    f = store(tmp_path)
    yield f
    f.con.close()


def db_file(fx):
    return fx.con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]


def test_file_size_limit_is_named(fx):
    small = ImportSettings(max_file_mb=1)
    data = ("anggota,bulan,pendapatan\n" + "AGT-1,2020-03,510000\n" * 60_000).encode()
    with pytest.raises(ReportFileError, match="batas 1 MB.*1 MB limit"):
        run(fx, "income", data, settings=small)


def test_row_limit_is_named(fx):
    data = "anggota,bulan,pendapatan\n" + "".join(f"AGT-1,{2000 + i // 12}-{i % 12 + 1:02d},510000\n" for i in range(300))
    with pytest.raises(ReportFileError, match="batas 100 baris|100-row limit"):
        run(fx, "income", data, settings=ImportSettings(max_rows=100))


def test_an_xlsx_that_unzips_far_beyond_its_size_is_refused_before_parsing(fx):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c><v>1</v></c>" * 2_000_000)   # 30 MB of XML
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    with pytest.raises(ReportFileError, match=r"times its size.*40x"):
        run(fx, "income", data, "bom.xlsx")


def test_the_page_upload_limit_is_what_the_caps_allow():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == DEFAULT_SETTINGS.max_file_mb


def test_a_failure_while_refreshing_keeps_the_rows_and_names_the_command(fx, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("killed (simulated)")

    monkeypatch.setattr(storing, "refresh", broken)
    with pytest.raises(StoreError) as failure:
        run(fx, "income", "anggota,bulan,pendapatan\nAGT-1,2020-03,510000\n")
    message = str(failure.value)
    assert "Data tersimpan sebagai batch 1 (1 baris)" in message and "Stored as batch 1" in message
    assert f"python -m analytics refresh --db {db_file(fx)}" in message and "Traceback" not in message
    assert fx.con.execute("SELECT count(*) FROM member_income WHERE month = '2020-03-01'").fetchall() == [(1,)]
    path = db_file(fx)
    fx.con.close()
    report = status_report(__import__("pathlib").Path(path))
    assert "marts: STALE" in report and "python -m analytics refresh" in report


def test_status_says_up_to_date_after_an_import(fx):
    assert run(fx, "income", "anggota,bulan,pendapatan\nAGT-1,2020-03,510000\n").ok
    path = db_file(fx)
    fx.con.close()
    assert "marts: up to date" in status_report(__import__("pathlib").Path(path))


def test_a_failure_while_storing_keeps_nothing_and_says_so(fx, monkeypatch):
    before = {t: table(fx.con, t) for t in ("member_income", "import_batches", "import_batch_regions")}

    def broken(*args, **kwargs):
        raise OSError("No space left on device (simulated)")

    monkeypatch.setattr(storing, "batch_regions", broken)
    with pytest.raises(StoreError, match="No space left.*tidak ada yang disimpan"):
        run(fx, "income", "anggota,bulan,pendapatan\nAGT-1,2020-03,510000\n")
    assert {t: table(fx.con, t) for t in before} == before
