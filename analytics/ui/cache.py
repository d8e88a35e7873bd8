"""Streamlit's caches over analytics functions: the published version this run reads, and every
query a page makes, keyed by that version (`db_key`). Pages call these and never SQL.

Dashboards only read (docs/serving.md): each run reads one published version, read-only; a
changed policy's figures come from memory (`analytics.ui.published`), never from a write."""
from __future__ import annotations

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
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.serving.reader import READER_MEMORY_LIMIT
from analytics.ui import published
from analytics.ui.state import View
from analytics.store import is_synthetic

APP_MEMORY_LIMIT = READER_MEMORY_LIMIT
MAP_HEIGHT = 440        # with the page's title row, the map fits the first screen at 1280 x 720


def database_path() -> Path:
    return db_path()


def cursor() -> duckdb.DuckDBPyConnection | None:
    """A read-only cursor on the published version this run reads, or None when there is none."""
    pin = published.pin(database_path())
    return None if pin is None else published.handle(pin).cursor()


def db_key() -> str:
    """Names what this run reads (the published version, and a changed policy's figures), so
    cached figures are recomputed when a new version is published."""
    path = database_path()
    return published.key(published.pin(path), path)


def _for(con: duckdb.DuckDBPyConnection, policy: Policy) -> duckdb.DuckDBPyConnection:
    """The connection holding `policy`'s figures: the version's own for the default, else memory."""
    if policy.is_default():
        return con
    from analytics.ui import state
    return published.policy_cursor(published.pin(database_path()), policy, state.get().province)


def figures_cursor(policy: Policy) -> duckdb.DuckDBPyConnection:
    """A cursor on `policy`'s figures for this run (the briefing builds from it)."""
    return _for(cursor(), policy)


def version_note(lang: str) -> str:
    """Which published version the run shows (for the sidebar)."""
    return published.version_note(published.pin(database_path()), lang)


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


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and policies
def headline_counts(_con: duckdb.DuckDBPyConnection, key: str) -> overview.Headline:
    return overview.headline_counts(_con)


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and policies
def synthetic(_con: duckdb.DuckDBPyConnection, key: str) -> bool:
    return is_synthetic(_con)


def ensure_marts(con: duckdb.DuckDBPyConnection, policy: Policy, lang: str) -> None:
    """Make this run read `policy`'s figures: the writer's for the default; for a changed policy,
    computed in memory by this process for the view's province (or the country), with progress,
    shared by sessions and never written. Also names the version shown, in the sidebar."""
    from analytics.ui import state
    pin = published.pin(database_path())
    if pin is None:
        return
    published.use_policy(pin, policy, state.get().province, lang)
    note = published.version_note(pin, lang)
    if note:
        st.sidebar.caption(note)


@st.cache_data(show_spinner=False, max_entries=256)
def region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                   parent: str | None, policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    return suppress_regions(queries.region_metrics(_for(_con, policy), level, month=month, region=region,
                                                   parent=parent, policy=policy, filters=filters))


@st.cache_data(show_spinner=False, max_entries=128)
def map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
               policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    """Every region's figures in `month`, with their change over 12 months (points)."""
    source = _for(_con, policy)
    now = suppress_regions(queries.map_values(source, level, month, parent=parent, policy=policy, filters=filters))
    before = suppress_regions(queries.map_values(source, level, twelve_months_before(month), parent=parent,
                                                 policy=policy, filters=filters))
    return with_changes(now, before)


@st.cache_data(show_spinner=False, max_entries=64)
def distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy) -> pd.DataFrame:
    return queries.pl_ratio_distribution(_for(_con, policy), year, region=region, policy=policy)


@st.cache_data(show_spinner=False, max_entries=64)
def facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                      facilitator: int | None = None) -> pd.DataFrame:
    """Facilitators working in `region` (or one), with the attention rule applied."""
    frame = facilitators.with_attention(queries.facilitator_table(_for(_con, policy), month, policy=policy,
                                                                  region=region, facilitator=facilitator))
    return suppress(frame, "active_members", facilitators.MEMBER_FIGURES)


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and policies
def latest_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    """The data's latest month (the same for every policy: read from the default marts)."""
    return queries.latest_month(_con, DEFAULT_POLICY)


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and policies
def default_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    """The latest complete month under `policy` (its completeness threshold and reporting rule)."""
    return queries.default_month(_for(_con, policy), policy)


@st.cache_data(show_spinner=False, max_entries=16)
def month_state(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> queries.months.MonthState:
    """The latest complete month under `policy` and the provisional months after it."""
    return queries.month_state(_for(_con, policy), policy)


@st.cache_data(show_spinner=False, max_entries=16)
def completeness_by_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> pd.DataFrame:
    """Every month's completeness (nationally) and whether it is complete or provisional."""
    return queries.completeness_by_month(_for(_con, policy), policy)


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and policies
def choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    """What filters and links may name; the months include provisional ones (the sidebar offers
    the complete months of the view's policy only)."""
    return programme.choices(_con, include_provisional=True)


@st.cache_data(show_spinner=False, max_entries=64)
def table(_con: duckdb.DuckDBPyConnection, key: str, name: str, **params: object) -> pd.DataFrame:
    """Any named programme query (`analytics.programme.QUERIES`)."""
    policy = params.get("policy", DEFAULT_POLICY)
    return suppress_query(name, programme.run(_for(_con, policy), name, **params))


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
    """Impact estimates for a view (the writer keeps the default's in the store: `analytics impact`)."""
    from analytics.impact import service
    return service.estimate(_for(_con, policy), policy, region=region, filters=filters)
