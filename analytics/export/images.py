"""Static images through kaleido 1.x and the system Chromium, one shared server per process."""
from __future__ import annotations

import os
import shutil
import threading
import warnings

import plotly.graph_objects as go

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
HOW_TO_INSTALL = ("Ekspor gambar memerlukan Chromium. Pasang dengan `sudo apt-get install -y chromium` "
                  "(atau setel BROWSER_PATH ke Chrome/Chromium yang ada), lalu mulai ulang dasbor. / "
                  "Image export needs Chromium: install it with `sudo apt-get install -y chromium` "
                  "(or set BROWSER_PATH to an installed Chrome/Chromium), then restart the dashboard.")

_lock = threading.Lock()
_server = False


class ExportUnavailable(RuntimeError):
    """Image export cannot run on this machine (no Chromium); the message says how to fix it."""


def chromium_path() -> str | None:
    """The browser kaleido will drive; never downloads one (kaleido.get_chrome is not used)."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.exists(configured):
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _ensure_server() -> None:
    global _server
    with _lock:
        if _server:
            return
        path = chromium_path()
        if path is None:
            raise ExportUnavailable(HOW_TO_INSTALL)
        os.environ.setdefault("BROWSER_PATH", path)
        import kaleido
        kaleido.start_sync_server(silence_warnings=True)
        _server = True


def image_bytes(fig: go.Figure, fmt: str, width: int = 1100, height: int | None = None) -> bytes:
    """The figure as PNG (2x scale), SVG or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {sorted(FORMATS)}")
    _ensure_server()
    height = height or int(fig.layout.height or 480)
    with warnings.catch_warnings(), _lock:
        warnings.simplefilter("ignore")
        try:
            return fig.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png" else 1)
        except Exception as exc:       # kaleido reports a missing or broken browser in several ways
            raise ExportUnavailable(f"{HOW_TO_INSTALL} ({type(exc).__name__}: {exc})") from exc
