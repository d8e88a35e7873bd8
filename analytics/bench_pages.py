"""`python -m analytics bench-pages`: time every page in a real browser (prints figures).

A page counts as interactive when the script run has finished (Streamlit's own run state),
its heading is the page's, no stale element from the previous view is left, and every chart
it should show is drawn (plotly's SVG layer present; the map marked drawn by analytics/ui/map.js once MapLibre
is idle with its boundaries loaded, or, in plotly's map, MapLibre loaded with the fetched boundaries).
Two ways in are timed: a full load (a new tab on a shared link: Streamlit's and plotly's
bundles parsed again) and in-app navigation (clicking the page in the top menu, as users move
around once the dashboard is open). Also the map's drill-down (a click on a province).
"""
from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path

from analytics.i18n import t

# url path -> (title key, charts drawn when interactive; 0 = a table or the uploader)
PAGES = {"ringkasan": ("app.title", 2), "peta": ("page.map", 1), "profil_wilayah": ("page.region", 3),
         "bandingkan": ("page.compare", 0),
         "kelompok": ("page.groups", 1), "pendamping": ("page.facilitators", 0),
         "rantai_nilai": ("page.chains", 3), "dampak": ("page.impact", 1), "kualitas": ("page.quality", 1),
         "impor": ("page.import", 0), "metodologi": ("page.method", 0)}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

READY = """([title, charts]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = document.querySelector('[data-testid=stMain] h1');
  if (!h1 || !h1.textContent.startsWith(title)) return false;
  if (document.querySelector('[data-stale=true]')) return false;
  if (document.querySelector('[data-testid=stException]')) return true;   // ready, and the caller fails
  const mapDrawn = (p) => {   // MapLibre loaded, with the boundaries the traces fetch by URL
    const map = p._fullLayout && p._fullLayout.map && p._fullLayout.map._subplot && p._fullLayout.map._subplot.map;
    const urls = (p.data || []).map(t => t.geojson).filter(g => typeof g === 'string');
    return !!map && map.loaded() && urls.every(u => window.PlotlyGeoAssets && window.PlotlyGeoAssets[u]);
  };
  const drawn = [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
    .filter(p => p.querySelector('.main-svg') && (!p.querySelector('.maplibregl-map') || mapDrawn(p)));
  const maps = document.querySelectorAll('.kube-map[data-state=drawn]').length;   // analytics/ui/map.js
  if (charts > 0) return drawn.length + maps >= charts;
  return !!document.querySelector('[data-testid=stDataFrame], [data-testid=stFileUploader], [data-testid=stTable], [data-testid=stAlertContainer]');
}"""


def start_server(db: Path, log_dir: Path | None = None):
    """The dashboard with its login (the embedded provider) on a free local port over `db`, as
    `make run` starts it; returns the running stack (`.url`, `.stop()`; logs in `log_dir`)."""
    from analytics.access import stack
    return stack.start(db=db, log_dir=log_dir)


def login_state(running, username: str, password: str) -> dict:
    """A Playwright storage state logged in as `username` through the provider."""
    from analytics.access.login import login, storage_state
    return storage_state(login(running.url, username, password, running.cookie_secret))


def address(url: str, path: str) -> str:
    return f"{url}/" if path == "ringkasan" else f"{url}/{path}"    # the default page lives at /


def navigate(page, url: str, path: str) -> None:
    """Open a page from the top menu (in-app). Some links sit in the menu's "more" list when the
    window is narrow, so the click is dispatched to the link itself."""
    page.locator(f"[data-testid=stTopNavLink][href='{address(url, path)}']").first.dispatch_event("click")
    wait_ready(page, path)


def wait_ready(page, path: str, timeout_ms: int = 120_000) -> None:
    key, charts = PAGES[path]
    page.wait_for_function(READY, arg=[t(key, "id"), charts], timeout=timeout_ms, polling=20)
    if page.locator("[data-testid=stException]").count():
        raise RuntimeError(f"{path}: the page shows an exception")


def _summary(runs: list[float]) -> str:
    return f"{statistics.median(runs):5.2f} s median, {min(runs):5.2f}-{max(runs):5.2f}"


def measure(url: str, repeat: int = 5, chromium: str | None = None, only: list[str] | None = None,
            state: dict | None = None) -> dict[str, dict[str, list[float]]]:
    """Seconds per page and way in, `repeat` times each, after one warm-up visit per page."""
    from playwright.sync_api import sync_playwright

    paths = [p for p in PAGES if not only or p in only]

    chromium = chromium or shutil.which("chromium") or "/usr/bin/chromium"
    results: dict[str, dict[str, list[float]]] = {p: {"full": [], "in_app": []} for p in paths}
    results["peta: drill-down"] = {"click": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, storage_state=state)
        for path in paths:                       # warm the server's caches and the browser's
            page.goto(address(url, path))
            wait_ready(page, path)
        for _ in range(repeat):
            for path in paths:
                started = time.perf_counter()
                page.goto(address(url, path))
                wait_ready(page, path)
                results[path]["full"].append(time.perf_counter() - started)
            page.goto(address(url, "ringkasan"))
            wait_ready(page, "ringkasan")
            for path in [p for p in paths if p != "ringkasan"] + ["ringkasan"]:
                page.wait_for_timeout(300)
                started = time.perf_counter()
                navigate(page, url, path)
                if path in results:            # the way back to Ringkasan counts only when asked for
                    results[path]["in_app"].append(time.perf_counter() - started)
            results["peta: drill-down"]["click"].append(drill_down(page, url))
        browser.close()
    return results


def drill_down(page, url: str, load: bool = True) -> float:
    """Seconds from a click on Sulawesi Tengah to its regencies drawn with the way back
    (`load=False`: the national map is already open)."""
    if load:
        page.goto(f"{url}/peta")
        wait_ready(page, "peta")
    page.wait_for_timeout(1500)          # the map's style and layers settle before it takes clicks
    point = page.evaluate("""() => {
        const view = document.querySelector('.kube-map');
        const gd = document.querySelector('.js-plotly-plot');
        const map = view ? view.__map : gd._fullLayout.map._subplot.map;
        const p = map.project([121.5, -1.3]);
        const box = map.getCanvas().getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""")
    # The pointer rests on the province first, as a person's does before clicking (hovering
    # highlights it and shows its figures; that redraw is not part of the drill-down).
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(300)
    started = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    # Plain DOM checks: Playwright's role queries walk the accessibility tree on every poll and
    # took CPU from the page being timed.
    page.wait_for_function("""() => window.location.search.includes('prov=72')
        && [...document.querySelectorAll('button')].some(b => b.textContent.includes('Kembali'))
        && [...document.querySelectorAll('.kube-map')].every(v => v.dataset.boundaries.includes('kabupaten_72'))""",
                           timeout=60_000, polling=20)
    wait_ready(page, "peta")
    return time.perf_counter() - started


def bench_account(folder: Path) -> str:
    """A pusat account for the benchmark, with accounts, secrets and the audit log of the run
    kept in `folder` (never the installation's own); returns its password."""
    from analytics.access.accounts import AccountStore

    os.environ.update(KUBE_SECRETS_DIR=str(folder / "secrets"), KUBE_ACCOUNTS=str(folder / "accounts.json"),
                      KUBE_AUDIT_DB=str(folder / "audit.sqlite3"))
    return AccountStore().add("bench", "Bench", ["pusat"], "00")


FIRST_AFTER_START = ("ringkasan", "profil_wilayah")


def first_after_start(db: Path, password: str, paths: tuple[str, ...] = FIRST_AFTER_START, repeat: int = 3,
                      chromium: str | None = None) -> dict[str, list[float]]:
    """Seconds until a page is interactive when it is the first a new browser opens after the server
    started (nothing cached on either side but the login cookie), `repeat` server starts per page."""
    from playwright.sync_api import sync_playwright

    chromium = chromium or shutil.which("chromium") or "/usr/bin/chromium"
    out: dict[str, list[float]] = {p: [] for p in paths}
    with sync_playwright() as pw:
        for _ in range(repeat):
            for path in paths:
                running = start_server(db)
                try:
                    state = login_state(running, "bench", password)
                    browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1400, "height": 1000}, storage_state=state)
                    started = time.perf_counter()
                    page.goto(address(running.url, path))
                    wait_ready(page, path)
                    out[path].append(time.perf_counter() - started)
                    browser.close()
                finally:
                    running.stop()
    return out


FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st
st.title({title!r})
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2])))
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[1, 3, 2])))
"""


def framework_floor(repeat: int = 3, chromium: str | None = None) -> list[float]:
    """The same first visit to a bare Streamlit page with a title and two small plotly charts (no
    data, no login, no sidebar): what a new browser pays on this machine before any of our code."""
    import subprocess
    import sys
    import tempfile

    from playwright.sync_api import sync_playwright

    from analytics.access.stack import free_port, wait_healthy

    chromium = chromium or shutil.which("chromium") or "/usr/bin/chromium"
    runs: list[float] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        app = Path(folder) / "floor.py"
        app.write_text(FLOOR_APP.format(title=t("app.title", "id")))
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                                   "--server.port", str(port), "--server.address", "127.0.0.1",
                                   "--browser.gatherUsageStats", "false"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, server, None)
            for _ in range(repeat):
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(f"{url}/")
                wait_ready(page, "ringkasan")
                runs.append(time.perf_counter() - started)
                browser.close()
        finally:
            server.terminate()
            server.wait(30)
    return runs


def run(db: Path, repeat: int = 5, only: list[str] | None = None) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        password = bench_account(Path(folder))
        first = first_after_start(db, password, tuple(p for p in FIRST_AFTER_START if not only or p in only))
        floor = framework_floor()
        running = start_server(db)
        try:
            results = measure(running.url, repeat, only=only, state=login_state(running, "bench", password))
        finally:
            running.stop()
    print("First page after a server start, in a new browser (nothing cached):")
    for path, runs in first.items():
        print(f"{path:<18} {_summary(runs)}")
    print(f"{'(bare Streamlit)':<18} {_summary(floor)}   a title and two small charts, no data: the framework's own floor")
    print(f"Pages in Chromium (headless, software WebGL), {db}, {repeat} runs each; seconds until interactive")
    print(f"{'page':<18} {'full load (new tab)':<34} in-app navigation")
    for path, ways in results.items():
        if "click" in ways:
            print(f"{path:<18} {_summary(ways['click'])}")
        else:
            print(f"{path:<18} {_summary(ways['full']):<34} {_summary(ways['in_app'])}")
    return results
