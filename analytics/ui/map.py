"""The map element of the Peta page: one MapLibre map kept in the page across reruns
(map.js), so clicking a province swaps layers instead of creating a new map. When the
library has not been fetched (`python -m analytics assets build`, needs npm) the same figure is
drawn by plotly's map instead. Both come with the usual download buttons."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import web_assets
from analytics.ui import errors
from analytics.ui.export import chart, downloads
from analytics.ui.state import View
from analytics.charts.map_view import web_spec
from analytics.geo.layers import web_drill

_HERE = Path(__file__).parent
_map_view = st.components.v2.component(
    "kube_map", js=(_HERE / "map.js").read_text(encoding="utf-8"),
    css=(_HERE / "map.css").read_text(encoding="utf-8"), isolate_styles=False)


def map_chart(fig: go.Figure, data: pd.DataFrame, name: str, v: View, key: str,
              on_click: Callable[[str], None], percent: tuple[str, ...] = ()) -> None:
    """The map of a `charts.maps.choropleth` figure; `on_click(code)` runs when a region is clicked.
    Keep `key` the same across drill-downs: the page keeps the same map."""
    library = web_assets.maplibre_urls()
    if library is None:
        @errors.callback
        def selected() -> None:
            points = st.session_state[key].selection.get("points", [])
            if points and points[0].get("location"):
                on_click(points[0]["location"])

        chart(fig, data, name, v, key, percent=percent, on_select=selected, selection_mode="points")
        return

    @errors.callback
    def clicked() -> None:
        code = st.session_state[key].get("click")
        if code:
            on_click(str(code))

    spec = web_spec(fig)
    if spec["key"] == "province_code" and isinstance(spec["boundaries"], str):
        spec["drill"] = web_drill()       # the map starts loading the regencies on the click itself
    _map_view(key=key, data={"spec": spec, "library": library}, on_click_change=clicked)
    downloads(fig, data, name, v, key, percent=percent)


def preload() -> None:
    """On every page: the browser fetches and starts the map library in idle time (5 s after the
    page settles), so the first visit to the map in a tab does not wait for it."""
    library = web_assets.maplibre_urls()
    if library is not None:
        _map_view(key="map_preload", data={"library": library, "preload": True})
