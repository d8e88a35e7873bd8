"""Browser tests: a real Streamlit server on a copy of a small demo database, driven by
Playwright with the system Chromium. Skipped (with the reason) when Chromium is missing."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analytics.config import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
TIMINGS: list[tuple[str, float]] = []


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it: apt-get install -y chromium)")
    return {"executable_path": CHROMIUM,
            "args": ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync"]}


@pytest.fixture(scope="session")
def browser_context_args():
    return {"viewport": {"width": 1400, "height": 1000}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(request, tmp_path_factory):
    tiny_demo = None if os.environ.get("KUBE_BROWSER_DB") else request.getfixturevalue("tiny_demo")
    """The dashboard on localhost, on its own copy of the small demo database (or, to time pages
    at another scale, on the database named by KUBE_BROWSER_DB, used as it is)."""
    if os.environ.get("KUBE_BROWSER_DB"):
        db = Path(os.environ["KUBE_BROWSER_DB"])
    else:
        db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
        shutil.copy(tiny_demo, db)
    port = _free_port()
    env = {**os.environ, "KUBE_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("streamlit did not start: " + proc.stderr.read().decode()[-2000:])
    ARTIFACTS.mkdir(exist_ok=True)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
