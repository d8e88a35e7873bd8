"""Streamlit's caches over analytics functions: the process's connection, and every query a
page makes, keyed by the database's state (`db_key`). Pages call these and never SQL."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import facilitators, overview, programme
from analytics.changes import twelve_months_before, with_changes
from analytics.config import db_path
from analytics.disclosure import suppress, suppress_query, suppress_regions
from analytics.metrics import queries
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import ensure_fresh
from analytics.ui.state import View
from analytics.i18n import t
from analytics.store import is_synthetic, open_store

APP_MEMORY_LIMIT = "2GB"
MAP_HEIGHT = 440        # with the page's title row, the map fits the first screen at 1280 x 720


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return open_store(path, memory_limit=APP_MEMORY_LIMIT)


def database_path() -> Path:
    return db_path()


def cursor() -> duckdb.DuckDBPyConnection | None:
    """A cursor on the process-wide connection, or None when there is no database."""
    path = database_path()
    if not path.exists():
        return None
    return _connection(str(path)).cursor()


def db_key() -> str:
    """Changes whenever the database file changes, so cached figures are recomputed."""
    path = database_path()
    return f"{path}:{path.stat().st_mtime}" if path.exists() else str(path)


def place_name(region: str) -> str:
    """The name of a region code ('Indonesia' for the nation '00')."""
    names = choices(cursor(), db_key())
    return names.regencies.get(region) or names.provinces.get(region, "Indonesia")


def page_view() -> "View":
    """The view the frame set up for this run.

    Streamlit runs a page file alone, without the frame, while it believes the app uses the
    legacy `pages/` folder (a server's first request for a page URL, and every AppTest run):
    then switch that mode off and rerun through the frame, which calls `st.navigation`.
    """
    from streamlit.runtime.pages_manager import PagesManager
    if PagesManager.uses_pages_directory or "view" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["view"]


@st.cache_data(show_spinner=False)
def headline_counts(_con: duckdb.DuckDBPyConnection, key: str) -> overview.Headline:
    return overview.headline_counts(_con)


@st.cache_data(show_spinner=False)
def synthetic(_con: duckdb.DuckDBPyConnection, key: str) -> bool:
    return is_synthetic(_con)


_BUILDING = threading.Lock()


def ensure_marts(con: duckdb.DuckDBPyConnection, policy: Policy, lang: str) -> None:
    """Build the marts for a policy once (cached in the database); later calls are instant. One
    session at a time: two sessions opening the same new link would build the same set twice."""
    with st.spinner(t("policy.computing", lang)), _BUILDING:
        ensure_fresh(con, policy)


@st.cache_data(show_spinner=False, max_entries=256)
def region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                   parent: str | None, policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    return suppress_regions(queries.region_metrics(_con, level, month=month, region=region, parent=parent,
                                                   policy=policy, filters=filters))


@st.cache_data(show_spinner=False, max_entries=128)
def map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
               policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    """Every region's figures in `month`, with their change over 12 months (points)."""
    now = suppress_regions(queries.map_values(_con, level, month, parent=parent, policy=policy, filters=filters))
    before = suppress_regions(queries.map_values(_con, level, twelve_months_before(month), parent=parent,
                                                 policy=policy, filters=filters))
    return with_changes(now, before)


@st.cache_data(show_spinner=False, max_entries=64)
def distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy) -> pd.DataFrame:
    return queries.pl_ratio_distribution(_con, year, region=region, policy=policy)


@st.cache_data(show_spinner=False, max_entries=64)
def facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                      facilitator: int | None = None) -> pd.DataFrame:
    """Facilitators working in `region` (or one), with the attention rule applied."""
    frame = facilitators.with_attention(queries.facilitator_table(_con, month, policy=policy, region=region,
                                                                  facilitator=facilitator))
    return suppress(frame, "active_members", facilitators.MEMBER_FIGURES)


@st.cache_data(show_spinner=False)
def latest_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    return queries.latest_month(_con, policy)


@st.cache_data(show_spinner=False)
def default_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    return queries.default_month(_con, policy)


@st.cache_data(show_spinner=False)
def choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    return programme.choices(_con)


@st.cache_data(show_spinner=False, max_entries=64)
def table(_con: duckdb.DuckDBPyConnection, key: str, name: str, **params: object) -> pd.DataFrame:
    """Any named programme query (`analytics.programme.QUERIES`)."""
    return suppress_query(name, programme.run(_con, name, **params))


@st.cache_data(show_spinner=False, max_entries=64)
def map_figure(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, province: str | None,
               policy: Policy, filters: queries.Filters, metric: str, lang: str, title: str, subtitle: str):
    """The choropleth for a view; the browser fetches its boundaries by URL (cached)."""
    from analytics.charts.maps import choropleth
    from analytics.geo.layers import layer, regencies_of, web_layer

    geojson = regencies_of(province) if province else layer("provinsi")
    values = map_values(_con, key, level, month, province, policy, filters)
    return choropleth(geojson, values, level, metric, lang, title=title, subtitle=subtitle, height=MAP_HEIGHT,
                      url=web_layer(province))


@st.cache_data(show_spinner=False, max_entries=32)
def impact(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, region: str | None,
           filters: queries.Filters):
    """Impact estimates for a view (also kept in the database across restarts)."""
    from analytics.impact import service
    return service.estimate(_con, policy, region=region, filters=filters)
