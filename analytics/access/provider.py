"""The embedded OpenID provider (identity/provider.mjs, npm oidc-provider) run from Python: its
secrets generated once into the private secrets folder, its runtime configuration written
private, the Node process started and stopped, and its audit lines appended to the audit log.

    with EmbeddedProvider(app_urls=["http://localhost:8501"]).start() as idp:
        idp.streamlit_secrets("http://localhost:8501")   # the [auth] file for the dashboards
"""
from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import socket
import subprocess
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analytics.access import audit
from analytics.access.identity import DEFAULT_SESSION_MINUTES
from analytics.access.paths import accounts_path, secrets_dir
from analytics.access.private import create_private, ensure_mode, secret_file, write_private
from analytics.config import ROOT
from analytics.i18n import catalogue

IDENTITY_DIR = ROOT / "identity"
SCRIPT = IDENTITY_DIR / "provider.mjs"
CLIENT_ID = "pantau-kube"
HOST = "127.0.0.1"            # the provider's host name; the dashboard is reached as localhost
DEFAULT_PORT = 8502
LOGIN_LABELS = ("idp.title", "idp.subtitle", "idp.username", "idp.password", "idp.submit", "idp.switch",
                "idp.wrong", "idp.disabled", "idp.locked", "idp.expired", "idp.error_title", "idp.error",
                "idp.logout_title", "idp.logout_button", "idp.logged_out")
log = logging.getLogger("pantau_kube.identity")


class ProviderError(RuntimeError):
    """The embedded provider cannot run; the message says what to do."""


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _signing_key() -> dict[str, str]:
    """A new RSA-2048 signing key as a private JWK."""
    import secrets as random
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.private_numbers()
    public = numbers.public_numbers
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": random.token_hex(8),
            "n": _b64(public.n), "e": _b64(public.e), "d": _b64(numbers.d), "p": _b64(numbers.p),
            "q": _b64(numbers.q), "dp": _b64(numbers.dmp1), "dq": _b64(numbers.dmq1), "qi": _b64(numbers.iqmp)}


@dataclass(frozen=True)
class Secrets:
    """What the provider and the dashboards share, each kept in its own private file."""

    cookie_secret: str          # signs Streamlit's login cookie (every dashboard process the same)
    client_secret: str          # the dashboard's secret at the provider
    provider_cookie_key: str    # signs the provider's own cookies
    jwks: dict[str, object]     # the provider's signing keys

    @classmethod
    def ensure(cls, folder: Path | None = None) -> "Secrets":
        """Generate what is missing (first run), check the rest is private, and read it."""
        folder = folder or secrets_dir()
        create_private(folder / "idp-jwks.json", json.dumps({"keys": [_signing_key()]}))
        values = {name: secret_file(folder / f"{name.replace('_', '-')}") for name in
                  ("cookie_secret", "client_secret", "provider_cookie_key")}
        for name in ("idp-jwks.json", "cookie-secret", "client-secret", "provider-cookie-key"):
            ensure_mode(folder / name)
        return cls(jwks=json.loads((folder / "idp-jwks.json").read_text(encoding="utf-8")), **values)


def ensure_installed() -> None:
    """Node and the provider's npm packages (installed from the lock file when missing)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise ProviderError("The embedded login needs Node.js 20+ and npm (apt-get install -y nodejs npm), "
                            "or configure your own OpenID provider in .streamlit/secrets.toml (docs/access.md).")
    installed = IDENTITY_DIR / "node_modules" / ".package-lock.json"
    lock = IDENTITY_DIR / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lock.stat().st_mtime:
        return
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=IDENTITY_DIR,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise ProviderError(f"npm ci in identity/ failed: {done.stderr.strip()[-800:]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def login_labels() -> dict[str, dict[str, str]]:
    """The login page's labels from the one catalogue, by language."""
    entries = catalogue()
    return {lang: {key.split(".", 1)[1]: entries[key][lang] for key in LOGIN_LABELS} for lang in ("id", "en")}


class EmbeddedProvider:
    """The Node provider process, on loopback: `start()`, `stop()`, or use it as a context manager."""

    def __init__(self, app_urls: list[str], port: int | None = None, session_minutes: int = DEFAULT_SESSION_MINUTES,
                 proxy: bool = False, issuer: str | None = None, folder: Path | None = None,
                 accounts: Path | None = None, log_file: Path | None = None):
        self.port = port or DEFAULT_PORT
        self.issuer = (issuer or f"http://{HOST}:{self.port}").rstrip("/")
        self.app_urls = [u.rstrip("/") for u in app_urls]
        self.session_minutes = session_minutes
        self.proxy = proxy
        self.folder = folder or secrets_dir()
        self.accounts = Path(accounts) if accounts else accounts_path()
        self.log_file = log_file
        self.secrets = Secrets.ensure(self.folder)
        self.process: subprocess.Popen | None = None
        self._reader: threading.Thread | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def runtime_config(self) -> dict[str, object]:
        callbacks = [f"{u}/oauth2callback" for u in self.app_urls]
        return {"issuer": self.issuer, "host": HOST, "port": self.port, "accounts": str(self.accounts.resolve()),
                "jwks": self.secrets.jwks, "cookieKeys": [self.secrets.provider_cookie_key],
                "client": {"client_id": CLIENT_ID, "client_secret": self.secrets.client_secret,
                           "redirect_uris": callbacks, "post_logout_redirect_uris": callbacks},
                "sessionSeconds": self.session_minutes * 60, "proxy": self.proxy,
                "lockout": {"failures": 5, "minutes": 15}, "labels": login_labels()}

    def streamlit_secrets(self, app_url: str, path: Path | None = None) -> Path:
        """Write the dashboards' secrets file (Streamlit's [auth] and our [access]) for `app_url`."""
        path = path or self.folder / "streamlit-auth.toml"
        text = "\n".join([
            "# Written by Pantau KUBE at each start of the embedded login; do not edit (docs/access.md).",
            "[auth]", f"redirect_uri = {json.dumps(app_url.rstrip('/') + '/oauth2callback')}",
            f"cookie_secret = {json.dumps(self.secrets.cookie_secret)}", f"client_id = {json.dumps(CLIENT_ID)}",
            f"client_secret = {json.dumps(self.secrets.client_secret)}",
            f"server_metadata_url = {json.dumps(self.metadata_url)}", "",
            "[auth.client_kwargs]", 'scope = "openid profile kube"', 'prompt = "login"', "",
            "[access]", 'provider = "embedded"', f"session_minutes = {self.session_minutes}", ""])
        tomllib.loads(text)
        write_private(path, text)
        return path

    def start(self, timeout: float = 60) -> "EmbeddedProvider":
        ensure_installed()
        config = self.folder / f"idp-runtime-{self.port}.json"
        write_private(config, json.dumps(self.runtime_config()))
        errors = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL
        self.process = subprocess.Popen(["node", str(SCRIPT), str(config)], cwd=IDENTITY_DIR, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=errors, text=True, bufsize=1,
                                        env={**os.environ, "NODE_ENV": "production"})
        if self.log_file:
            errors.close()
        ready = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(ready,), daemon=True, name="idp-audit")
        self._reader.start()
        if not ready.wait(timeout) or self.process.poll() is not None:
            self.stop()
            said = self.log_file.read_text(errors="replace")[-1500:] if self.log_file else ""
            raise ProviderError(f"the embedded OpenID provider did not start on port {self.port}" +
                                (f": {said}" if said else ""))
        return self

    def _read(self, ready: threading.Event) -> None:
        """Forward the provider's AUDIT lines to the audit log until it exits."""
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            if line.startswith("READY "):
                ready.set()
            elif line.startswith("AUDIT "):
                try:
                    event = json.loads(line[6:])
                    audit.record(event["action"], event.get("actor"), detail=event.get("detail") or None,
                                 source="provider", client=event.get("client"))
                except (ValueError, KeyError) as exc:
                    log.warning("unreadable audit line from the provider: %s", type(exc).__name__)
            elif line.strip():
                log.info("provider: %s", line.strip()[:300])

    def stop(self, timeout: float = 10) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        if process.stdin:
            process.stdin.close()
        if self._reader:
            self._reader.join(timeout)

    def __enter__(self) -> "EmbeddedProvider":
        return self if self.process else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
