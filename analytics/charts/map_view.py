"""What the browser's map view draws, derived from a `maps.choropleth` figure.

The map page draws with one MapLibre map that stays in the page (analytics/ui/map.py); a
drill-down only swaps boundaries and colours. Colours are computed here from the figure's own
traces (colour scale, its direction, z range), the way plotly.js maps them (linear RGB
interpolation between scale stops), so the page and the exported figure show the same colours.
"""
from __future__ import annotations

import base64
import math
from decimal import Decimal

import numpy as np
import plotly.graph_objects as go

from analytics.charts.style import NO_DATA
from analytics.formatting import number


def web_spec(fig: go.Figure) -> dict:
    """A JSON-ready description of a choropleth figure for the map component."""
    meta = fig.layout.meta["kube_map"]
    regions: dict[str, list[str]] = {}
    legend = {"title": meta["unit_label"], "gradient": [], "ticks": [], "no_data_label": None, "no_data_colour": NO_DATA}
    boundaries = None
    for trace in fig.data:
        boundaries = trace.geojson
        z = _numbers(trace.z)
        scale = _scale(trace)
        low, high = _range(trace, z)
        colours = [_colour_at(scale, (value - low) / (high - low)) for value in z]
        for code, colour, (name, text) in zip(trace.locations, colours, trace.customdata):
            regions[str(code)] = [colour, str(name), str(text)]
        if trace.showscale is False:
            legend["no_data_label"] = meta["no_data_label"]
        else:
            legend["gradient"] = [[round(float(p), 4), c] for p, c in scale]
            legend["ticks"] = [[round((t - low) / (high - low), 4), label]
                               for t, label in ticks(low, high, meta["lang"], signed=meta.get("signed", False))]
    return {"boundaries": boundaries, "key": meta["key"], "regions": regions, "legend": legend,
            "bounds": meta["bounds"], "title": meta["title"], "subtitle": meta["subtitle"],
            "metric_label": meta["metric_label"], "height": fig.layout.height or 560}


def _numbers(values) -> np.ndarray:
    """A trace's numbers, also when stored as plotly's typed-array form {'dtype', 'bdata'} (what a
    figure holds after a round trip through its JSON, e.g. Streamlit's cache)."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).astype(float)
    return np.asarray(values, dtype=float)


def _scale(trace) -> list[tuple[float, str]]:
    scale = [(float(p), c) for p, c in trace.colorscale]
    if trace.reversescale:
        scale = [(1 - p, c) for p, c in reversed(scale)]
    return scale


def _range(trace, z: np.ndarray) -> tuple[float, float]:
    """The z range colours span: the trace's zmin/zmax, else its data's (plotly's zauto); a single
    value is widened by 0.5 either side as plotly.js does."""
    finite = z[np.isfinite(z)]
    low = trace.zmin if trace.zmin is not None else (float(finite.min()) if finite.size else 0.0)
    high = trace.zmax if trace.zmax is not None else (float(finite.max()) if finite.size else 1.0)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    return low, high


def _rgb(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    parts = colour[colour.index("(") + 1:colour.index(")")].split(",")
    return tuple(float(p) for p in parts[:3])


def _colour_at(scale: list[tuple[float, str]], position: float) -> str:
    """The colour at `position` (0-1, clipped) of a scale, as #rrggbb."""
    position = min(1.0, max(0.0, position)) if math.isfinite(position) else 0.0
    for (p0, c0), (p1, c1) in zip(scale, scale[1:]):
        if position <= p1:
            share = 0.0 if p1 == p0 else (position - p0) / (p1 - p0)
            rgb = [a + (b - a) * share for a, b in zip(_rgb(c0), _rgb(c1))]
            return _hex(rgb)
    return _hex(_rgb(scale[-1][1]))


def _hex(rgb) -> str:
    return "#" + "".join(f"{math.floor(v + 0.5):02x}" for v in rgb)     # JavaScript's Math.round


def ticks(low: float, high: float, lang: str, count: int = 5, signed: bool = False) -> list[tuple[float, str]]:
    """About `count` round values between low and high, labelled in the language's number format
    (a change with its sign: +5, 0, -5)."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)
    decimals = max(0, -Decimal(repr(round(step, 10))).normalize().as_tuple().exponent)
    first = math.ceil(low / step - 1e-9) * step
    values = [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]
    return [(v, ("+" if signed and v > 1e-12 else "") + number(0.0 if abs(v) < 1e-12 else v, lang, decimals))
            for v in values]
