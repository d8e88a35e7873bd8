"""Choropleth maps of a metric by province or regency (offline: MapLibre on white-bg)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import NO_DATA, SEQUENTIAL, apply
from analytics.disclosure import LABEL
from analytics.formatting import metric_value
from analytics.geo.layers import KEYS, bounds
from analytics.i18n import t
from analytics.metrics.queries import METRICS

INDONESIA_CENTER = {"lat": -2.5, "lon": 118.0}


# Map indicators beyond the region metrics: group counts and 12-month changes (points).
OTHER_UNITS = {"groups": "groups", "groups_alive": "groups", "share_steady_change": "points",
               "share_poor_change": "points", "share_independent_change": "points"}
LOWER_IS_BETTER = {"share_poor_change"}
DIVERGING = [[0.0, "#D55E00"], [0.5, "#F7F7F7"], [1.0, "#0072B2"]]   # Okabe-Ito orange / blue, white at 0


def inside(geojson: dict, level: str, contains) -> dict:
    """The boundaries of the regions `contains(code)` allows (a caller's scope): a map colours and
    names only regions inside the caller's scope, not even 'no data' for the others."""
    key = KEYS[level]
    return {**geojson, "features": [f for f in geojson["features"] if contains(f["properties"][key])]}


def metric_label(metric: str, lang: str) -> str:
    return t(f"metric.{metric}", lang)


def metric_unit(metric: str) -> str:
    return METRICS[metric].unit if metric in METRICS else OTHER_UNITS[metric]


def higher_is_better(metric: str) -> bool:
    return METRICS[metric].higher_is_better if metric in METRICS else metric not in LOWER_IS_BETTER


def choropleth(geojson: dict, values: pd.DataFrame, level: str, metric: str, lang: str,
               title: str | None = None, subtitle: str | None = None, height: int = 560,
               url: str | None = None) -> go.Figure:
    """A map of `values[metric]` by `values['region_code']`; regions without a value drawn grey.
    With `url` the traces point at the boundaries there instead of carrying them (see
    `geo.layers.web_layer`); `embedded` puts them back for drawing without a server."""
    key = KEYS[level]
    unit = metric_unit(metric)
    names = {f["properties"][key]: f["properties"]["name"] for f in geojson["features"]}
    frame = pd.DataFrame({"region_code": list(names), "name": list(names.values())})
    extra = ["suppressed"] if "suppressed" in values else []
    frame = frame.merge(values[["region_code", metric, *extra]], on="region_code", how="left")
    suppressed = frame["suppressed"].fillna(False).astype(bool) if extra else pd.Series(False, index=frame.index)
    scale = 100.0 if unit in ("share", "change", "points") else 1.0
    frame["shown"] = frame[metric] * scale
    no_data, hidden_label = t("map.no_data", lang), t("map.suppressed", lang, label=LABEL)
    frame["text"] = [hidden_label if hidden else metric_value(unit, v, lang) if pd.notna(v) else no_data
                     for v, hidden in zip(frame[metric], suppressed)]
    has = frame[frame["shown"].notna()]
    missing = frame[frame["shown"].isna()]
    shapes = url or geojson
    fig = go.Figure()
    hover = "<b>%{customdata[0]}</b> (%{location})<br>" + metric_label(metric, lang) + ": %{customdata[1]}<extra></extra>"
    if not missing.empty:
        fig.add_trace(go.Choroplethmap(
            geojson=shapes, featureidkey=f"properties.{key}", locations=missing["region_code"],
            z=[0] * len(missing), colorscale=[[0, NO_DATA], [1, NO_DATA]], showscale=False,
            customdata=missing[["name", "text"]].to_numpy(), hovertemplate=hover,
            marker_line_color="white", marker_line_width=0.6, name=no_data))
    if not has.empty:
        span = {}
        if unit == "points":          # centred on 0: a fall and a rise of the same size get opposite colours
            widest = float(has["shown"].abs().max()) or 1.0
            span = dict(zmin=-widest, zmax=widest)
        fig.add_trace(go.Choroplethmap(
            geojson=shapes, featureidkey=f"properties.{key}", locations=has["region_code"], z=has["shown"], **span,
            colorscale=DIVERGING if unit == "points" else SEQUENTIAL, reversescale=not higher_is_better(metric),
            customdata=has[["name", "text"]].to_numpy(), hovertemplate=hover,
            marker_line_color="white", marker_line_width=0.6,
            colorbar=dict(title=dict(text=t(f"unit.map_{unit}", lang), side="right"), thickness=14, len=0.8)))
    lon0, lat0, lon1, lat1 = bounds(geojson)
    fig.update_layout(map=dict(style="white-bg", center={"lat": (lat0 + lat1) / 2, "lon": (lon0 + lon1) / 2},
                               zoom=_zoom(lon0, lat0, lon1, lat1)),
                      # what the browser's map view (charts.map_view) needs beyond the traces
                      meta={"kube_map": {"key": key, "unit_label": t(f"unit.map_{unit}", lang),
                                         "metric_label": metric_label(metric, lang), "lang": lang,
                                         "no_data_label": no_data, "signed": unit == "points",
                                         "title": title, "subtitle": subtitle,
                                         "bounds": [lon0, lat0, lon1, lat1]}})
    return apply(fig, title, subtitle, height, lang=lang)


def embedded(fig: go.Figure) -> go.Figure:
    """The figure with boundaries fetched by URL replaced by the boundaries themselves."""
    from analytics.geo.layers import from_web

    urls = {trace.geojson for trace in fig.data if isinstance(getattr(trace, "geojson", None), str)}
    if not urls:
        return fig
    out = go.Figure(fig)
    for url in urls:
        out.update_traces(geojson=from_web(url), selector=lambda trace: trace.geojson == url)
    return out


def _zoom(lon0: float, lat0: float, lon1: float, lat1: float, width: int = 560, height: int = 400) -> float:
    """A MapLibre zoom that fits the bounding box in a `width` x `height` px map (default: the
    narrowest the pages draw). MapLibre tiles are 512 px: at zoom z one degree of longitude is
    512 * 2**z / 360 px."""
    span = max((lon1 - lon0) / width, (lat1 - lat0) / height, 1e-6) * 512
    return max(0.5, min(9.0, math.log2(360 / span) - 0.1))


def fit(fig: go.Figure, width: int, height: int) -> go.Figure:
    """A map figure zoomed to fill an image of `width` x `height` px (its plot area: the margins
    and the colour bar taken off); other figures are returned as they are."""
    meta = fig.layout.meta.get("kube_map") if isinstance(fig.layout.meta, dict) else None
    if not meta:
        return fig
    margin = fig.layout.margin
    plot_w = width - (margin.l or 0) - (margin.r or 0) - 160          # the colour bar and its title
    plot_h = height - (margin.t or 0) - (margin.b or 0)
    fig.update_layout(map_zoom=_zoom(*meta["bounds"], max(plot_w, 200), max(plot_h, 150)))
    return fig
