"""Browser tests: a real Streamlit server on a copy of a small demo database, driven by
Playwright with the system Chromium. Skipped (with the reason) when Chromium is missing."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analytics.bench_pages import start_server
from analytics.config import ROOT

ARTIFACTS = ROOT / "test-artifacts"
TIMINGS: list[tuple[str, float]] = []


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def server(request, tmp_path_factory):
    """The dashboard on localhost, on its own copy of the small demo database (or, to time pages
    at another scale, on the database named by KUBE_BROWSER_DB, used as it is)."""
    if os.environ.get("KUBE_BROWSER_DB"):
        db = Path(os.environ["KUBE_BROWSER_DB"])
    else:
        db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
        shutil.copy(request.getfixturevalue("tiny_demo"), db)
    proc, url = start_server(db, log=tmp_path_factory.mktemp("server") / "streamlit.log")
    ARTIFACTS.mkdir(exist_ok=True)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
