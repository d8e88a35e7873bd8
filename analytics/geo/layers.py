"""Reading the built boundary layers (GeoJSON) for maps."""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from analytics.config import ROOT
from analytics.geo.build import GEO_DIR, GeoPaths

KEYS = {"provinsi": "province_code", "kabupaten": "regency_code"}
# Streamlit serves ROOT/static at app/static/ (server.enableStaticServing). Maps in the browser
# fetch their boundaries from there once (HTTP-cached) instead of carrying them inside every
# figure sent over the websocket: a figure with the province layer costs ~0.8 s to copy and
# serialise on each script run.
STATIC_GEO = ROOT / "static" / "geo"
WEB_PREFIX = "app/static/geo/"


class BoundariesMissing(RuntimeError):
    """The layers have not been built (`python -m analytics geo build`)."""


@lru_cache(maxsize=4)
def _read(path: Path, modified: float) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def layer(level: str, root: Path = GEO_DIR) -> dict:
    """The GeoJSON FeatureCollection of 'provinsi' or 'kabupaten'."""
    paths = GeoPaths(root)
    path = paths.provinces if level == "provinsi" else paths.regencies
    if not path.exists():
        raise BoundariesMissing(str(path))
    return _read(path, path.stat().st_mtime)


def regencies_of(province_code: str, root: Path = GEO_DIR) -> dict:
    """The regencies of one province, as a FeatureCollection."""
    features = [f for f in layer("kabupaten", root)["features"]
                if f["properties"]["province_code"] == province_code]
    return {"type": "FeatureCollection", "features": features}


def web_layer(province_code: str | None = None, root: Path = GEO_DIR, static: Path = STATIC_GEO) -> str:
    """A relative URL of the provinces (or one province's regencies) as the browser fetches them;
    the file under static/geo/ is written when missing or older than the built layer."""
    paths = GeoPaths(root)
    source = paths.provinces if province_code is None else paths.regencies
    if not source.exists():
        raise BoundariesMissing(str(source))
    name = "provinsi.geojson" if province_code is None else f"kabupaten_{province_code}.geojson"
    target = static / name
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        collection = layer("provinsi", root) if province_code is None else regencies_of(province_code, root)
        static.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
        partial.replace(target)
    return _web_url(name, source)


def _web_url(name: str, source: Path) -> str:
    """The URL of a file under static/geo/, versioned by the build time of the layer it comes from."""
    return f"{WEB_PREFIX}{name}?v={int(source.stat().st_mtime)}"


def web_drill(root: Path = GEO_DIR, static: Path = STATIC_GEO) -> dict:
    """What the browser's map needs to start a drill-down before the server answers: the URL of
    any province's regencies ('{code}' in place of the province code; every file written) and
    each province's bounds."""
    paths = GeoPaths(root)
    if not paths.regencies.exists():
        raise BoundariesMissing(str(paths.regencies))
    return _web_drill(root, static, paths.regencies.stat().st_mtime)


@lru_cache(maxsize=2)
def _web_drill(root: Path, static: Path, modified: float) -> dict:
    provinces = {f["properties"]["province_code"]: f for f in layer("provinsi", root)["features"]}
    for code in provinces:
        web_layer(code, root, static)
    return {"url": _web_url("kabupaten_{code}.geojson", GeoPaths(root).regencies),
            "bounds": {code: list(bounds({"features": [f]})) for code, f in provinces.items()}}


def from_web(url: str, root: Path = GEO_DIR) -> dict:
    """The FeatureCollection behind a `web_layer` URL (for exports, which draw without a server)."""
    name = url.removeprefix(WEB_PREFIX).split("?")[0].removesuffix(".geojson")
    return layer("provinsi", root) if name == "provinsi" else regencies_of(name.removeprefix("kabupaten_"), root)


def bounds(collection: dict) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of a FeatureCollection."""
    xs, ys = [], []

    def walk(coords):
        if isinstance(coords[0], (int, float)):
            xs.append(coords[0]), ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for feature in collection["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)
