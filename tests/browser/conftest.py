"""Browser tests: a real Streamlit server on a copy of a small demo database, with its real login
(the embedded OpenID provider), driven by Playwright with the system Chromium. Skipped (with the
reason) when Chromium is missing. Every test's page is logged in as a pusat user (through the
provider, once); the access tests open their own contexts for other users."""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from analytics.access import stack as access_stack
from analytics.access.accounts import AccountStore
from analytics.access.login import login, storage_state
from analytics.config import ROOT

ARTIFACTS = ROOT / "test-artifacts"
TIMINGS: list[tuple[str, float]] = []


VIEWPORT = {"width": 1400, "height": 1000}
# Accounts of the test site: name -> (roles, scope)
USERS = {"pusat": (["pusat"], "00"), "pembaca72": (["viewer"], "72"), "operator72": (["operator"], "72"),
         "admin": (["admin"], "00"), "keluar": (["viewer"], "72"), "nonaktif": (["viewer"], "72")}


@dataclass
class Site:
    """The running dashboard with its login: where it is, its database, the accounts' passwords."""

    url: str
    db: Path
    stack: access_stack.Stack
    passwords: dict[str, str]

    def login_state(self, username: str) -> dict:
        """Cookies of a session logged in as `username`, through the provider (Playwright form)."""
        jar = login(self.url, username, self.passwords[username], self.stack.cookie_secret)
        return storage_state(jar)


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Site:
    """The dashboard on localhost with the embedded provider on 127.0.0.1, on its own copy of the
    small demo database (or, to time pages at another scale, on the database named by
    KUBE_BROWSER_DB, used as it is), with one account per role."""
    if os.environ.get("KUBE_BROWSER_DB"):
        db = Path(os.environ["KUBE_BROWSER_DB"])
    else:
        db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
        shutil.copy(request.getfixturevalue("tiny_demo"), db)
    store = AccountStore()
    passwords = {name: store.add(name, name.title(), roles, scope) for name, (roles, scope) in USERS.items()}
    running = access_stack.start(db=db, log_dir=tmp_path_factory.mktemp("server"))
    ARTIFACTS.mkdir(exist_ok=True)
    yield Site(running.url, db, running, passwords)
    running.stop()


@pytest.fixture(scope="session")
def server(site: Site) -> str:
    return site.url


@pytest.fixture(scope="session")
def browser_context_args(site: Site, tmp_path_factory):
    state = tmp_path_factory.mktemp("login") / "pusat.json"
    state.write_text(json.dumps(site.login_state("pusat")))
    return {"viewport": VIEWPORT, "storage_state": str(state)}


def choose_option(page, selectbox, option: str) -> None:
    """Open a selectbox and pick `option` by clicking it once the list shows it (typing into a
    list not yet open lost the keystrokes on a loaded host)."""
    selectbox.click()
    page.keyboard.type(option)
    choice = page.locator("[role='option']", has_text=option).first
    choice.wait_for(state="visible", timeout=30_000)
    choice.click()
