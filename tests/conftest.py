"""Shared fixtures: small databases the tests build themselves."""
from __future__ import annotations

from pathlib import Path

import os
import shutil

import pytest

from analytics.demo import generator


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Playwright's one browser for the whole session (browser tests and chart-layout checks):
    the system Chromium. Two Playwright instances in one process clash on the asyncio loop."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it: apt-get install -y chromium)")
    from analytics.bench_pages import CHROMIUM_ARGS
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic database (about 300 groups), built once per test session."""
    path = tmp_path_factory.mktemp("demo") / "tiny.duckdb"
    original = generator.SCALES["demo"]
    generator.SCALES["demo"] = 300
    try:
        generator.build_demo(path, "demo", seed=7, progress=lambda _: None)
    finally:
        generator.SCALES["demo"] = original
    return path


def pytest_terminal_summary(terminalreporter):
    """Print page timings measured by the browser tests (figures, not assertions)."""
    from tests.browser.conftest import TIMINGS
    if TIMINGS:
        terminalreporter.write_sep("-", "time until each page is interactive (browser and server on this machine)")
        for name, seconds in TIMINGS:
            terminalreporter.write_line(f"{name:<40} {seconds:6.2f} s")
        terminalreporter.write_line("targets: demo scale <= 1.5 s, national scale <= 3 s "
                                    f"(database: {os.environ.get('KUBE_BROWSER_DB', 'small test demo')})")
