"""Every page in a real browser: loads without an error, draws its charts, shared links, drill-down.
Readiness is the benchmark's (`analytics.bench_pages.wait_ready`): script run finished, the
page's heading, no stale element, its charts drawn (the map with its fetched boundaries)."""
from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from analytics import web_assets
from analytics.bench_pages import PAGES, address, drill_down, navigate, wait_ready
from tests.browser.conftest import ARTIFACTS, TIMINGS, choose_option


def wait_until_idle(page: Page) -> None:
    """Streamlit shows a running indicator while a script runs; wait for it to go."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_draws_charts_and_labels_synthetic_data(page: Page, server: str, name: str):
    page.goto(address(server, name))   # warm the server's caches once per page
    wait_ready(page, name)
    started = time.perf_counter()
    page.goto(address(server, name))
    wait_ready(page, name)
    TIMINGS.append((f"{name} (full load, new tab)", time.perf_counter() - started))
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Page not found").count() == 0
    expect(page.get_by_text("DATA SINTETIS", exact=False).first).to_be_visible()
    assert page.locator(".js-plotly-plot, .kube-map").count() >= PAGES[name][1]
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_link_to_a_page_finds_the_server_at_once_and_starts_the_chart_library_early(page: Page, server: str):
    """analytics/ui/front_end.py: no probe of /profil_wilayah/_stcore/ first (a 404 and a back-off),
    and the chart library is requested by the page itself, before the first chart arrives."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(urlparse(r.url).path))
    page.goto(address(server, "profil_wilayah") + "?prov=72")
    wait_ready(page, "profil_wilayah")
    probes = [p for p in requests if p.endswith("_stcore/health")]
    assert probes and set(probes) == {"/_stcore/health"}, probes
    chart = [i for i, p in enumerate(requests) if "/static/js/PlotlyChart." in p]
    assert chart and chart[0] < requests.index("/_stcore/health"), requests[:5]   # with the page, not after
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_top_menus_overflow_is_named_in_the_pages_language(browser, browser_context_args, server: str):
    """At 1280 px some pages sit in the menu's overflow list, which Streamlit calls "N more"."""
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 1280, "height": 720}})
    page = context.new_page()
    page.goto(address(server, "ringkasan"))
    wait_ready(page, "ringkasan")
    nav = page.locator("[data-testid=stTopNav]")
    expect(nav.get_by_text(re.compile(r"^\d+ lainnya$"))).to_be_visible()
    assert nav.get_by_text(re.compile(r"^\d+ more$")).count() == 0
    page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup'] button").nth(1).click()   # EN
    expect(nav.get_by_text(re.compile(r"^\d+ more$"))).to_be_visible(timeout=30_000)
    page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup'] button").nth(0).click()   # back to ID
    expect(nav.get_by_text(re.compile(r"^\d+ lainnya$"))).to_be_visible(timeout=30_000)
    context.close()


def test_moving_between_pages_in_the_app(page: Page, server: str):
    """Every page through the top menu, as users move around once the dashboard is open."""
    page.goto(address(server, "ringkasan"))
    wait_ready(page, "ringkasan")
    for name in [*[p for p in PAGES if p != "ringkasan"], "ringkasan"]:
        page.wait_for_timeout(300)
        started = time.perf_counter()
        navigate(page, server, name)
        TIMINGS.append((f"{name} (in-app navigation)", time.perf_counter() - started))
        assert urlparse(page.url).path == ("/" if name == "ringkasan" else f"/{name}")
        expect(page.get_by_text("DATA SINTETIS", exact=False).first).to_be_visible()


def test_shared_link_reproduces_filters_and_language(page: Page, server: str):
    page.goto(f"{server}/profil_wilayah?prov=72&kom=kelapa&lang=en")
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Region profile: Sulawesi Tengah")).to_be_visible()
    expect(page.get_by_text("SYNTHETIC DATA", exact=False).first).to_be_visible()
    assert "prov=72" in page.url and "kom=kelapa" in page.url and "lang=en" in page.url


def test_choosing_a_filter_puts_it_in_the_link(page: Page, server: str):
    page.goto(f"{server}/")
    wait_until_idle(page)
    choose_option(page, page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first, "Sulawesi Tengah")
    page.wait_for_url("**prov=72**", timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Sulawesi Tengah", exact=False).first).to_be_visible()


def test_map_click_on_a_province_shows_its_regencies(page: Page, server: str):
    page.goto(address(server, "peta") + "?prov=72")   # warm the server's caches, as for the page timings
    wait_ready(page, "peta")
    page.goto(address(server, "ringkasan"))
    wait_ready(page, "ringkasan")
    started = time.perf_counter()
    page.get_by_role("link", name="Peta", exact=True).first.click()      # in-app navigation
    wait_ready(page, "peta")
    TIMINGS.append(("peta: first render (in-app)", time.perf_counter() - started))
    kept = web_assets.maplibre_urls() is not None        # MapLibre kept in the page (app_map.js)
    if kept:
        page.evaluate("() => { window.mapBefore = document.querySelector('.kube-map').__map; }")
    # Luwuk, Kabupaten Banggai, lies in Sulawesi Tengah: the click lands on its projected pixel.
    TIMINGS.append(("peta: drill-down to regencies", drill_down(page, server, load=False)))
    assert "prov=72" in page.url
    expect(page.get_by_role("button", name="Kembali", exact=False)).to_be_visible()
    if kept:
        assert page.evaluate("() => document.querySelector('.kube-map').dataset.boundaries") \
            .startswith("app/static/geo/kabupaten_72.geojson")
        assert page.evaluate("() => window.mapBefore === document.querySelector('.kube-map').__map")
        luwuk = page.evaluate("""() => { const map = document.querySelector('.kube-map').__map;
            const p = map.project([122.79, -0.95]); const box = map.getCanvas().getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y}; }""")
        page.mouse.move(luwuk["x"], luwuk["y"])
        expect(page.locator(".kube-map-tip")).to_contain_text("(72.01)")
        expect(page.locator(".kube-map-legend")).to_contain_text("% anggota yang melapor")
        expect(page.get_by_role("figure", name="Sulawesi Tengah", exact=False)).to_be_visible()
        page.mouse.click(luwuk["x"], luwuk["y"])                  # a regency: its figures beside the map
        expect(page.get_by_text("72.01 ·", exact=False)).to_be_visible(timeout=30_000)
        wait_ready(page, "peta")                # the map says "drawn" again though its data did not change
        assert page.evaluate("() => window.mapBefore === document.querySelector('.kube-map').__map")
    else:
        urls = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.geojson)")
        assert urls and all(u.startswith("app/static/geo/kabupaten_72.geojson") for u in urls)
    page.screenshot(path=str(ARTIFACTS / "peta_drilldown.png"), full_page=True)
    page.get_by_role("button", name="Kembali", exact=False).click()
    page.wait_for_function("() => !window.location.search.includes('prov=72')", timeout=30_000)
    wait_ready(page, "peta")
    expect(page.get_by_role("button", name="Kembali", exact=False)).to_have_count(0)


def test_download_buttons_give_a_png_of_the_chart_and_its_data_as_xlsx(page: Page, server: str, tmp_path):
    import io

    from openpyxl import load_workbook

    page.goto(f"{server}/?prov=72")
    wait_until_idle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.get_by_role("button", name="Unduh", exact=False).first.click()
    with page.expect_download(timeout=60_000) as png:
        page.get_by_role("button", name="PNG", exact=True).first.click()
    data = (tmp_path / "chart.png")
    png.value.save_as(data)
    content = data.read_bytes()
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) > 20_000
    assert png.value.suggested_filename == "tren_status.png"
    with page.expect_download(timeout=60_000) as xlsx:
        page.get_by_role("button", name="XLSX", exact=True).first.click()
    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    assert book.sheetnames == ["Data", "Catatan"]
    header = [c.value for c in book["Data"][1]]
    assert "share_steady" in header and book["Data"].max_row > 12
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Ringkasan untuk rapat", exact=False).click()
    with page.expect_download(timeout=60_000) as pdf:
        page.get_by_role("button", name="PDF (A4)").click()
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"
    assert pdf.value.suggested_filename.startswith("ringkasan_kube_72_")


def upload(page: Page, path) -> None:
    remove = page.get_by_test_id("stFileChipDeleteBtn")
    if remove.count():
        remove.first.click()
        wait_until_idle(page)
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").get_by_role("button", name="Upload", exact=True).click()
    chooser.value.set_files(str(path))


def test_import_page_checks_a_file_then_stores_it(page: Page, server: str, tmp_path):
    page.goto(f"{server}/impor")
    wait_until_idle(page)
    choose_option(page, page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first, "Kelompok (KUBE)")
    wait_until_idle(page)
    bad = tmp_path / "kube_salah.csv"
    bad.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                   "990001,KUBE Uji Browser,Atlantis,2024-01-05,kopi,produksi\n")
    upload(page, bad)
    expect(page.get_by_text("tidak ada yang akan disimpan", exact=False)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("1 masalah", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Unduh laporan penolakan", exact=False)).to_be_visible()
    good = tmp_path / "kube_baru.csv"
    good.write_text("kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n"
                    "990001,KUBE Uji Browser,Kab. Banggai,2024-01-05,kopi,produksi\n")
    upload(page, good)
    expect(page.get_by_text("lolos pemeriksaan", exact=False)).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Simpan ke basis data").click()
    expect(page.get_by_text("Tersimpan sebagai batch", exact=False)).to_be_visible(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "impor.png"), full_page=True)


def test_language_switch_then_navigate_pick_a_province_and_change_the_map_indicator(page: Page, server: str):
    """The switch keeps the view: filters and policy survive it, and every later click works."""
    page.goto(f"{server}/?kom=kelapa&p_acuan=poverty_line_multiple")
    wait_until_idle(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup'] button").nth(1).click()   # EN
    expect(page.get_by_text("SYNTHETIC DATA", exact=False).first).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.screenshot(path=str(ARTIFACTS / "language_en.png"))
    link = page.locator(f"[data-testid=stTopNavLink][href='{server}/peta']").first
    expect(link).to_have_text("Map")
    link.dispatch_event("click")      # dispatched: the link may sit in the menu's "more" list
    expect(page.get_by_role("heading", name="Map", exact=True)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    choose_option(page, page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first, "Sulawesi Tengah")
    page.wait_for_url("**prov=72**", timeout=30_000)
    wait_until_idle(page)
    page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.click()
    page.keyboard.type("Poverty exits")
    page.keyboard.press("Enter")
    page.wait_for_url("**ind=exit_rate_12m**", timeout=30_000)
    wait_until_idle(page)
    for part in ("lang=en", "prov=72", "kom=kelapa", "p_acuan=poverty_line_multiple"):
        assert part in page.url, (part, page.url)
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
    page.locator("[data-testid='stSidebar'] [data-testid='stButtonGroup'] button").nth(0).click()   # back to ID
    expect(page.get_by_role("heading", name="Peta", exact=True)).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    assert "lang=" not in page.url and "prov=72" in page.url and "ind=exit_rate_12m" in page.url
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0


def test_a_broken_link_shows_a_notice_not_a_traceback(page: Page, server: str):
    page.goto(f"{server}/?p_cv=abc&p_stabil=0&p_lapor=9&prov=99")
    wait_until_idle(page)
    expect(page.get_by_text("Nilai tautan tidak dikenal diabaikan", exact=False)).to_be_visible()
    expect(page.get_by_text("p_cv=abc", exact=False)).to_be_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Traceback", exact=False).count() == 0


@pytest.mark.parametrize("size", [(390, 844), (1280, 720)], ids=["phone", "laptop"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_fits_a_phone_and_a_laptop_screen(browser, browser_context_args, server: str, name: str, size):
    """Screenshots at both sizes (test-artifacts/); nothing wider than the screen, no error."""
    width, height = size
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": width, "height": height}})
    page = context.new_page()
    page.goto(address(server, name) + ("?banding=72,11" if name == "bandingkan" else ""))
    wait_ready(page, name)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}_{width}.png"))
    overflow = page.evaluate("""() => { const main = document.querySelector('[data-testid=stMain]');
        return main.scrollWidth - main.clientWidth; }""")
    assert overflow <= 2, f"{name} is {overflow} px wider than a {width} px screen"
    assert page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").count() == 0
    # no English framework text in an Indonesian page (a filter set to "all" once read "Choose an option")
    assert page.get_by_text("Choose an option", exact=False).count() == 0
    context.close()
