"""Logging in without a browser, through the real provider and the dashboard's own callback:
for tests, benchmarks and load drivers that need a session cookie (`storage_state` hands the
cookies to Playwright). The same redirects a browser follows; nothing is short-cut."""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.cookiejar
import json
import re
import time
import urllib.parse
import urllib.request

USER_COOKIE = "_streamlit_user"


class LoginFailed(RuntimeError):
    """The provider refused the login; the message is the one its page showed."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def provider_token(cookie_secret: str, provider: str = "default") -> str:
    """The short-lived token `st.login` puts in its /auth/login link (HS256 with the cookie secret)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps({"provider": provider, "exp": int(time.time()) + 120}).encode())
    signature = hmac.new(cookie_secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def login(app_url: str, username: str, password: str, cookie_secret: str,
          lang: str = "id") -> http.cookiejar.CookieJar:
    """The cookies of a session logged in as `username` (raises LoginFailed with the page's message)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    start = f"{app_url.rstrip('/')}/auth/login?provider={urllib.parse.quote(provider_token(cookie_secret))}"
    with opener.open(start, timeout=30) as response:
        form_page, form_url = response.read().decode(), response.geturl()
    action = re.search(r'action="(/interaction/[A-Za-z0-9_-]+/login)"', form_page)
    if not action:
        raise LoginFailed(f"no login form at {form_url}")
    data = urllib.parse.urlencode({"username": username, "password": password, "lang": lang}).encode()
    target = urllib.parse.urljoin(form_url, action.group(1))
    with opener.open(target, data=data, timeout=60) as response:
        page = response.read().decode(errors="replace")
    if not any(c.name == USER_COOKIE for c in jar):
        message = re.search(r'<p class="error"[^>]*>([^<]+)</p>', page)
        raise LoginFailed(message.group(1) if message else "no session cookie after the login")
    return jar


def user_cookie(jar: http.cookiejar.CookieJar) -> dict[str, str]:
    """Only the dashboard's login cookies (the user and its tokens), for protocol-level sessions,
    which get their own proxy cookie."""
    return {c.name: c.value for c in jar if c.name.startswith(USER_COOKIE)}


def storage_state(jar: http.cookiejar.CookieJar) -> dict[str, object]:
    """The jar's cookies in Playwright's storage-state form (for `browser.new_context`)."""
    def domain(name: str) -> str:        # cookiejar files a dotless host under NAME.local
        return name[:-len(".local")] if name.endswith(".local") and "." not in name[:-len(".local")] else name

    cookies = [{"name": c.name, "value": c.value, "domain": domain(c.domain), "path": c.path or "/",
                "expires": float(c.expires) if c.expires else -1, "httpOnly": bool(c.has_nonstandard_attr("HttpOnly")),
                "secure": bool(c.secure), "sameSite": "Lax"} for c in jar]
    return {"cookies": cookies, "origins": []}
