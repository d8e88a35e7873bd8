"""A Streamlit session at the protocol level: a websocket client that sends BackMsg protobufs
(run a page, change a widget) and reads ForwardMsg protobufs until the script run finishes.

This is what the browser does minus drawing, so many sessions fit in one client process
without taking the server's CPU. Used by `bench-load` and the serving tests; loopback only.
It lives with the Streamlit-side code because it speaks Streamlit's protocol (its protobufs).
"""
from __future__ import annotations

import asyncio
import re
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

LOOPBACK = ("127.0.0.1", "localhost", "::1")
VERSION = re.compile(r"(?:Versi data|Data version) (\d+)")
FRIENDLY_ERROR = ("kesalahan", "went wrong")


class ProtocolError(RuntimeError):
    """The server closed the session or did not finish a run in time."""


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)      # friendly error blocks and error alerts
    versions: set[int] = field(default_factory=set)      # data versions the run named
    texts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.exceptions and not self.errors and len(self.versions) <= 1


@dataclass
class Widget:
    id: str
    kind: str
    options: list[str]


def check_loopback(url: str) -> None:
    host = urllib.parse.urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"load sessions only go to this machine (loopback), not {host}")


def _cookies(base: str) -> dict[str, str]:
    """Cookies a browser would hold after loading the page (the proxy's sticky cookie, XSRF)."""
    with urllib.request.urlopen(base + "/", timeout=30) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return {k: m.value for k, m in jar.items()}


class Session:
    """One browser tab's worth of Streamlit session, without the browser."""

    def __init__(self, base: str, timeout: float = 60.0):
        check_loopback(base)
        self.base, self.timeout = base.rstrip("/"), timeout
        self.cookies: dict[str, str] = {}
        self.pages: dict[str, str] = {}        # url path -> page script hash
        self.widgets: dict[str, Widget] = {}   # label -> widget
        self.page_hash = ""
        self._ws = None

    async def open(self) -> None:
        self.cookies = await asyncio.to_thread(_cookies, self.base)
        ws_url = "ws" + self.base[4:] + "/_stcore/stream"
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        self._ws = await connect(ws_url, subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
                                 origin=self.base, max_size=None, open_timeout=self.timeout,
                                 additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())})

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    @property
    def server(self) -> str | None:
        """The dashboard process the proxy keeps this session on (its cookie), if any."""
        return self.cookies.get("KUBESRV")

    async def run(self, page: str | None = None, widgets: list[WidgetState] | None = None) -> Run:
        """Run the app (on `page`, a url path, or the current one) and wait until it has finished."""
        msg = BackMsg()
        state = msg.rerun_script
        if page is not None:
            self.page_hash = self.pages.get(page, "")
            state.page_name = "" if self.page_hash else page
        state.page_script_hash = self.page_hash
        for w in widgets or []:
            state.widget_states.widgets.append(w)
        state.context_info.timezone = "Asia/Jakarta"
        state.context_info.locale = "id-ID"
        state.context_info.url = self.base + "/"
        started = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        return await self._read_until_finished(started)

    async def _read_until_finished(self, started: float) -> Run:
        run = Run(0.0)
        deadline = started + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self._ws.recv(), timeout=left)
            except asyncio.TimeoutError:
                raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from None
            except Exception as exc:             # the connection closed
                raise ProtocolError(f"websocket: {type(exc).__name__}: {exc}") from None
            fwd = ForwardMsg.FromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname or "ringkasan": p.page_script_hash for p in fwd.navigation.app_pages}
                self.page_hash = fwd.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element, run)
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run = Run(0.0)                 # the app asked for a rerun: its next run counts
                    continue
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.exceptions.append("compile error")
                run.seconds = time.perf_counter() - started
                return run

    def _element(self, element, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert":
            body = element.alert.body
            if element.alert.format == Alert.ERROR or any(w in body.lower() for w in FRIENDLY_ERROR):
                run.errors.append(body[:200])
            run.texts.append(body)
        elif kind == "markdown":
            body = element.markdown.body
            run.texts.append(body)
            run.versions.update(int(v) for v in VERSION.findall(body))
        elif kind in ("selectbox", "radio", "select_slider", "number_input", "button_group"):
            widget = getattr(element, kind)
            options = list(getattr(widget, "options", []))
            self.widgets[widget.label] = Widget(widget.id, kind, options)


def choose(widget: Widget, label: str) -> WidgetState:
    """The widget state a person choosing the option shown as `label` sends (a selectbox)."""
    if label not in widget.options:
        raise ProtocolError(f"{label!r} is not an option of the widget ({len(widget.options)} options)")
    state = WidgetState(id=widget.id)
    state.string_value = label
    return state
