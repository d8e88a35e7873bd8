"""Reading the built boundary layers (GeoJSON) for maps."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from analytics.geo.build import GEO_DIR, GeoPaths

KEYS = {"provinsi": "province_code", "kabupaten": "regency_code"}


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
