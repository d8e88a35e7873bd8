"""The Impor Data page in a real browser on its own server: a checked file is handed to the
writer (this process's background writer, as in `make run`), the page returns at once, shows
the job's progress and then the newly published version."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from analytics.bench_pages import start_server, wait_ready
from tests.serving_fixtures import count, store_from


@pytest.fixture(scope="module")
def import_server(tiny_demo, tmp_path_factory):
    store = store_from(tiny_demo, tmp_path_factory.mktemp("import-server"))
    proc, url = start_server(store.link, log=store.link.parent / "streamlit.log")
    yield url, store
    proc.terminate()
    proc.wait(timeout=20)


def test_an_upload_is_stored_by_the_writer_and_published(page: Page, import_server, tmp_path):
    url, store = import_server
    csv = tmp_path / "laporan_november.csv"
    csv.write_text("anggota,bulan,pendapatan\nAGT-0000003,2026-11,Rp 1.250.000\n")
    page.goto(f"{url}/impor")
    wait_ready(page, "impor")
    page.get_by_test_id("stSelectbox").filter(has_text="Jenis laporan").click()
    page.get_by_role("option", name="Pendapatan bulanan anggota").click()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(csv))
    expect(page.get_by_text("Semua 1 baris lolos pemeriksaan")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Simpan ke basis data").click()
    expect(page.get_by_text("Status penyimpanan").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Terbit sebagai versi data 1")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("Versi data 1 · terbit")).to_be_visible()
    assert page.locator("[data-testid=stException]").count() == 0
    assert count(store.link, "SELECT count(*) FROM member_income WHERE month = DATE '2026-11-01'") == 1
