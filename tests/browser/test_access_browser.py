"""Login, roles and regions in a real browser, through the real embedded OpenID provider: an
anonymous visitor sees only the login page; wrong password, disabled account and a tampered
cookie are refused with a message; a provincial viewer sees only its province on every page and
in every download; a link naming another province shows none of its figures; an operator cannot
import another province's rows; an admin adds a user who can then log in; logout works; the
audit log holds what happened and no password or NIK."""
from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from analytics.access.accounts import AccountStore
from analytics.access.paths import audit_path
from analytics.config import REFERENCE_DIR
from tests.browser.conftest import ARTIFACTS, VIEWPORT, Site, choose_option

SETTLED = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale=true]') && !!document.querySelector('h1');
}"""
VIEWER_PAGES = ["", "peta", "profil_wilayah", "kelompok", "pendamping", "rantai_nilai", "dampak", "metodologi"]


def settle(page: Page) -> None:
    page.wait_for_function(SETTLED, timeout=120_000, polling=100)
    page.wait_for_timeout(300)
    page.wait_for_function(SETTLED, timeout=120_000, polling=100)


def context_page(browser: Browser, site: Site, user: str | None = None) -> Page:
    state = site.login_state(user) if user else None
    return browser.new_context(viewport=VIEWPORT, storage_state=state).new_page()


@pytest.fixture(scope="module")
def other_names() -> list[str]:
    """Every province and regency name outside Sulawesi Tengah (72), from the shipped reference
    (the dashboard holds the test database open)."""
    provinces = pd.read_csv(REFERENCE_DIR / "provinces.csv", dtype=str)
    regencies = pd.read_csv(REFERENCE_DIR / "regencies.csv", dtype=str)
    return [*provinces.loc[provinces["province_code"] != "72", "name"],
            *regencies.loc[regencies["province_code"] != "72", "name"]]


def shown_text(page: Page) -> str:
    return page.locator("[data-testid=stApp]").inner_text()


def provider_login(page: Page, username: str, password: str) -> None:
    """From the dashboard's login page, through the provider's own form."""
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url("http://127.0.0.1:*/interaction/**", timeout=60_000)
    expect(page.get_by_role("heading", name="Masuk ke Pantau KUBE")).to_be_visible()
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Masuk", exact=True).click()


@pytest.mark.parametrize("path", ["", "peta?prov=72", "kelompok", "impor", "admin_akun", "admin_audit"])
def test_an_anonymous_visitor_sees_only_the_login_page(browser: Browser, site: Site, path: str):
    page = context_page(browser, site)
    page.goto(f"{site.url}/{path}")
    settle(page)
    expect(page.get_by_role("heading", name="Pantau KUBE: masuk")).to_be_visible()
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible()
    text = shown_text(page)
    assert "DATA SINTETIS" not in text and "Sulawesi" not in text
    for selector in (".js-plotly-plot", ".kube-map", "[data-testid=stDataFrame]", "[data-testid=stMetric]",
                     "[data-testid=stTopNavLink]", "[data-testid=stSelectbox]"):
        assert page.locator(selector).count() == 0, selector
    expect(page.locator("[data-testid=stSidebarNav]")).to_be_hidden()    # no list of the page files
    page.context.close()


def test_login_through_the_provider_refuses_a_wrong_password_with_a_message(browser: Browser, site: Site):
    page = context_page(browser, site)
    page.goto(site.url)
    settle(page)
    provider_login(page, "pembaca72", "bukan-kata-sandinya")
    expect(page.get_by_role("alert")).to_have_text("Nama pengguna atau kata sandi salah.")
    assert page.url.startswith("http://127.0.0.1:")             # still at the provider, no session
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Log in to Pantau KUBE")).to_be_visible()
    page.fill("#username", "pembaca72")
    page.fill("#password", site.passwords["pembaca72"])
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{site.url}/**", timeout=60_000)
    settle(page)
    expect(page.get_by_text("Masuk sebagai", exact=False)).to_be_visible()
    expect(page.get_by_text("Pembaca72", exact=False).first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "login_viewer.png"), full_page=True)
    page.context.close()


def test_a_disabled_account_is_refused_at_login_and_its_open_session_ends(browser: Browser, site: Site):
    store = AccountStore()
    page = context_page(browser, site, "nonaktif")
    page.goto(site.url)
    settle(page)
    expect(page.get_by_text("DATA SINTETIS", exact=False).first).to_be_visible()
    store.set_disabled("nonaktif", True)
    try:
        page.reload()
        settle(page)
        expect(page.get_by_text("Akun nonaktif dinonaktifkan", exact=False)).to_be_visible()
        assert page.locator("[data-testid=stMetric], .js-plotly-plot").count() == 0
        provider_login(page, "nonaktif", site.passwords["nonaktif"])
        expect(page.get_by_role("alert")).to_have_text("Akun ini dinonaktifkan. Hubungi admin Pantau KUBE.")
    finally:
        store.set_disabled("nonaktif", False)
    page.context.close()


def test_a_tampered_session_cookie_is_refused_with_a_message(browser: Browser, site: Site):
    page = context_page(browser, site, "pembaca72")
    cookies = page.context.cookies()
    user = next(c for c in cookies if c["name"] == "_streamlit_user")
    value = user["value"]
    forged = value[:-6] + ("A" if value[-6] != "A" else "B") + value[-5:]
    page.context.add_cookies([{**user, "value": forged}])
    page.goto(site.url)
    settle(page)
    expect(page.get_by_text("Sesi Anda tidak sah atau telah diubah", exact=False)).to_be_visible()
    assert "DATA SINTETIS" not in shown_text(page)
    assert page.locator("[data-testid=stMetric], .js-plotly-plot, [data-testid=stDataFrame]").count() == 0
    page.context.close()


def test_a_provincial_viewer_sees_only_its_province_on_every_page(browser: Browser, site: Site, other_names):
    page = context_page(browser, site, "pembaca72")
    for path in VIEWER_PAGES:
        page.goto(f"{site.url}/{path}")
        settle(page)
        text = shown_text(page)
        assert "DATA SINTETIS" in text, path
        leaked = [n for n in other_names if n in text]
        assert leaked == [], (path, leaked)
        assert page.locator("[data-testid=stException]").count() == 0, path
        page.screenshot(path=str(ARTIFACTS / f"viewer72_{path or 'ringkasan'}.png"), full_page=True)
    nav = {link.inner_text() for link in page.locator("[data-testid=stTopNavLink]").all()}
    assert not nav & {"Impor Data", "Kualitas Data", "Akun", "Log Audit"}
    page.goto(f"{site.url}/peta")
    settle(page)
    boundaries = page.evaluate("() => [...document.querySelectorAll('.kube-map')].map(v => v.dataset.boundaries)")
    assert all("kabupaten_72" in b for b in boundaries if b)
    page.context.close()


def test_every_download_of_a_provincial_viewer_holds_only_its_province(browser: Browser, site: Site, other_names,
                                                                       tmp_path):
    from pypdf import PdfReader

    page = context_page(browser, site, "pembaca72")
    downloaded = []
    for path in ("profil_wilayah", ""):
        page.goto(f"{site.url}/{path}")
        settle(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        popovers = page.get_by_role("button", name="Unduh", exact=False)
        assert popovers.count() >= 1, path
        for index in range(popovers.count()):
            popovers.nth(index).click()
            expect(page.get_by_role("button", name="SVG", exact=True).first).to_be_visible()
            assert page.get_by_role("button", name="CSV", exact=True).count() == 0
            assert page.get_by_role("button", name="XLSX", exact=True).count() == 0
            with page.expect_download(timeout=60_000) as svg:
                page.get_by_role("button", name="SVG", exact=True).first.click()
            text = open(svg.value.path(), encoding="utf-8").read()
            assert "<svg" in text
            assert [n for n in other_names if n in text] == [], svg.value.suggested_filename
            downloaded.append(svg.value.suggested_filename)
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
    assert len(downloaded) >= 3, downloaded
    page.get_by_role("button", name="Ringkasan untuk rapat", exact=False).click()
    with page.expect_download(timeout=90_000) as pdf:
        page.get_by_role("button", name="PDF (A4)").click()
    words = "\n".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Sulawesi Tengah" in words and [n for n in other_names if n in words] == []
    page.context.close()
    con = sqlite3.connect(audit_path())
    exports = con.execute("SELECT detail FROM audit_events WHERE actor = 'pembaca72' AND action = 'export'").fetchall()
    assert any(".svg" in d for (d,) in exports) and any(".pdf" in d for (d,) in exports)


def test_a_link_naming_another_province_shows_none_of_its_figures(browser: Browser, site: Site, other_names):
    page = context_page(browser, site, "pembaca72")
    for path in ("?prov=73", "profil_wilayah?prov=73&kab=73.71", "peta?prov=73"):
        page.goto(f"{site.url}/{path}")
        settle(page)
        expect(page.get_by_text("Wilayah di luar hak akses Anda diabaikan", exact=False)).to_be_visible()
        expect(page.get_by_text("prov=73", exact=False).first).to_be_visible()
        text = shown_text(page)
        assert [n for n in other_names if n in text] == [], path
        assert "Sulawesi Tengah" in text
    page.context.close()


def test_an_operator_cannot_import_rows_of_another_province(browser: Browser, site: Site, tmp_path):
    from tests.browser.test_browser import upload, wait_until_idle

    page = context_page(browser, site, "operator72")
    page.goto(f"{site.url}/impor")
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Impor Data")).to_be_visible(timeout=60_000)
    choose_option(page, page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first, "Kelompok (KUBE)")
    wait_until_idle(page)
    mixed = tmp_path / "kube_dua_provinsi.csv"
    mixed.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                     "990101,KUBE Banggai Baru,Kab. Banggai,2024-01-05,kopi,produksi\n"
                     "990102,KUBE Makassar Baru,Kota Makassar,2024-01-05,kopi,produksi\n")
    upload(page, mixed)
    expect(page.get_by_text("tidak ada yang akan disimpan", exact=False)).to_be_visible(timeout=60_000)
    cells = page.locator("[data-testid=stDataFrame]").last.locator("[role=gridcell]")   # the rejections
    cells.filter(has_text="di luar wilayah akses Anda (72): 73.71").first.wait_for(state="attached")
    texts = [c.inner_text().strip() for c in cells.all()]
    assert "Kota Makassar" in texts and "Kab. Banggai" not in texts      # only the Makassar row, as written
    assert page.get_by_role("button", name="Simpan ke basis data").count() == 0
    page.screenshot(path=str(ARTIFACTS / "impor_operator_refused.png"), full_page=True)
    own = tmp_path / "kube_banggai.csv"
    own.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                   "990101,KUBE Banggai Baru,Kab. Banggai,2024-01-05,kopi,produksi\n")
    upload(page, own)
    expect(page.get_by_text("lolos pemeriksaan", exact=False)).to_be_visible(timeout=60_000)
    page.context.close()


def test_an_admin_adds_a_user_who_can_then_log_in(browser: Browser, site: Site):
    page = context_page(browser, site, "admin")
    page.goto(f"{site.url}/admin_akun")
    settle(page)
    expect(page.get_by_role("heading", name="Akun pengguna")).to_be_visible()
    page.get_by_label("Nama pengguna", exact=True).first.fill("dewi.lestari")
    page.get_by_label("Nama lengkap", exact=True).first.fill("Dewi Lestari")
    page.get_by_label("Wilayah akses", exact=True).first.fill("72.01")
    page.get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Akun dewi.lestari dibuat", exact=False)).to_be_visible(timeout=30_000)
    password = page.locator("[data-testid=stCode] code").first.inner_text().strip()
    assert len(password) >= 16
    page.context.close()

    fresh = context_page(browser, site)
    fresh.goto(site.url)
    settle(fresh)
    provider_login(fresh, "dewi.lestari", password)
    fresh.wait_for_url(f"{site.url}/**", timeout=60_000)
    settle(fresh)
    expect(fresh.get_by_text("Dewi Lestari", exact=False).first).to_be_visible()
    expect(fresh.get_by_role("heading", name="Kabupaten Banggai", exact=False).first).to_be_visible()
    fresh.context.close()


def test_logout_ends_the_session(browser: Browser, site: Site):
    page = context_page(browser, site, "keluar")
    page.goto(site.url)
    settle(page)
    page.get_by_role("button", name="Keluar", exact=True).click()
    page.wait_for_url(f"{site.url}/**", timeout=60_000)
    settle(page)
    expect(page.get_by_role("heading", name="Pantau KUBE: masuk")).to_be_visible(timeout=30_000)
    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Pantau KUBE: masuk")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "_streamlit_user"]
    page.context.close()


def test_the_audit_log_records_logins_views_and_failures_without_secrets(browser: Browser, site: Site):
    from analytics.access.login import LoginFailed, login

    with pytest.raises(LoginFailed, match="salah"):
        login(site.url, "pembaca72", "bukan-kata-sandinya", site.stack.cookie_secret)
    page = context_page(browser, site, "pembaca72")
    page.goto(f"{site.url}/peta?prov=73")
    settle(page)
    page.context.close()
    con = sqlite3.connect(audit_path())
    rows = con.execute("SELECT actor, action, page, region, detail, source FROM audit_events").fetchall()
    actions = {(a, act) for a, act, *_ in rows}
    assert ("pembaca72", "login") in actions and ("pembaca72", "login_failed") in actions
    assert any(act == "view" and actor == "pembaca72" and region == "72" for actor, act, _, region, _, _ in rows)
    assert not any(act == "view" and actor == "pembaca72" and region and not region.startswith("72")
                   for actor, act, _, region, _, _ in rows)
    text = open(audit_path(), "rb").read().decode("latin-1")
    for secret in [*site.passwords.values(), "bukan-kata-sandinya"]:
        assert secret not in text
