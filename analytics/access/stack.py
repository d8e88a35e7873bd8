"""The dashboard with its login, started and stopped as one: the embedded OpenID provider on
127.0.0.1 and Streamlit on localhost (different host names: cookies are not port-scoped), or,
when `.streamlit/secrets.toml` configures a provider of its own (production), Streamlit alone.

`make run` calls `run()`; the test fixtures and the serving set-up call `start()` / `Stack.stop()`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from analytics.access.accounts import AccountStore
from analytics.access.identity import DEFAULT_SESSION_MINUTES
from analytics.access.provider import DEFAULT_PORT, EmbeddedProvider, free_port
from analytics.config import ROOT

PRODUCTION_SECRETS = ROOT / ".streamlit" / "secrets.toml"
FIRST_ADMIN = "admin"


def production_configured(path: Path = PRODUCTION_SECRETS) -> bool:
    """Whether the site configured its own OpenID provider ([auth] in .streamlit/secrets.toml)."""
    if not path.exists():
        return False
    return "auth" in tomllib.loads(path.read_text(encoding="utf-8"))


def bootstrap_admin(store: AccountStore | None = None) -> str | None:
    """On a fresh installation (no accounts), the first admin; returns its generated password.
    It also holds the pusat role so a new installation can be looked at; give later
    administrators the admin role alone (docs/access.md)."""
    store = store or AccountStore()
    if store.exists():
        return None
    return store.add(FIRST_ADMIN, "Admin Pantau KUBE", ["admin", "pusat"], "00")


def streamlit_command(port: int, secrets_file: Path | None, address: str | None = None) -> list[str]:
    """The dashboard's server (`analytics.ui.server`: Streamlit with the page code imported first)."""
    command = [sys.executable, "-m", "analytics.ui.server", "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    if address:
        command += ["--server.address", address]
    if secrets_file is not None:
        command += ["--secrets.files", str(secrets_file)]
    return command


def wait_healthy(url: str, process: subprocess.Popen, log: Path | None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
    raise RuntimeError("the dashboard did not start" + (f": {said}" if said else ""))


@dataclass
class Stack:
    """A running dashboard (and its provider): `url` to open, `stop()` to end both."""

    url: str
    process: subprocess.Popen
    provider: EmbeddedProvider | None = None
    secrets_file: Path | None = None
    log: Path | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def cookie_secret(self) -> str | None:
        return self.provider.secrets.cookie_secret if self.provider else None

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        if self.provider:
            self.provider.stop()


def start(port: int | None = None, idp_port: int | None = None, db: Path | None = None,
          session_minutes: int = DEFAULT_SESSION_MINUTES, log_dir: Path | None = None,
          env: dict[str, str] | None = None, embedded: bool | None = None) -> Stack:
    """Start the provider (unless production is configured) and one dashboard process."""
    port = port or free_port()
    env = {**os.environ, **(env or {})}
    if db is not None:
        env["KUBE_DB"] = str(db)
    saved = {k: os.environ.get(k) for k in ("KUBE_SECRETS_DIR", "KUBE_ACCOUNTS", "KUBE_AUDIT_DB")}
    os.environ.update({k: env[k] for k in saved if k in env})     # this process's provider uses the same files
    try:
        url = f"http://localhost:{port}"
        log = log_dir / f"streamlit-{port}.log" if log_dir else None
        embedded = not production_configured() if embedded is None else embedded
        provider, secrets_file = None, None
        if embedded:
            provider = EmbeddedProvider([url], port=idp_port or free_port(), session_minutes=session_minutes,
                                        log_file=log_dir / f"provider-{port}.log" if log_dir else None).start()
            secrets_file = provider.streamlit_secrets(url, provider.folder / f"streamlit-auth-{port}.toml")
        out = open(log, "ab") if log else subprocess.DEVNULL
        process = subprocess.Popen(streamlit_command(port, secrets_file, "127.0.0.1" if embedded else None),
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        if log:
            out.close()
        stack = Stack(url, process, provider, secrets_file, log, env)
        try:
            wait_healthy(url, process, log)
        except BaseException:
            stack.stop()
            raise
        return stack
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run(port: int = 8501, idp_port: int = DEFAULT_PORT, session_minutes: int = DEFAULT_SESSION_MINUTES) -> int:
    """`make run`: the first admin on a fresh installation, then the dashboard with its login
    until Ctrl-C (or SIGTERM), then both stopped."""
    if production_configured():
        print("Pantau KUBE: login through the OpenID provider configured in .streamlit/secrets.toml")
        return subprocess.call(streamlit_command(port, None), cwd=ROOT)
    password = bootstrap_admin()
    stack = start(port=port, idp_port=idp_port, session_minutes=session_minutes)
    stopping = {"now": False}

    def stop(*_: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, stop)
    print(f"\nPantau KUBE is running at {stack.url} (login provider at {stack.provider.issuer}).")
    if password:
        print("First run: an administrator account was created. Log in with\n"
              f"    username: {FIRST_ADMIN}\n    password: {password}\n"
              "This password is shown only now. Add accounts on the Akun page or with\n"
              "    .venv/bin/python -m analytics users add NAME --role viewer --scope 72\n"
              f"and give yourself a new password with: .venv/bin/python -m analytics users reset-password {FIRST_ADMIN}")
    else:
        print("Log in with your account (new ones: .venv/bin/python -m analytics users add ...).")
    print("Stop with Ctrl-C.", flush=True)
    try:
        while not stopping["now"] and stack.process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0
