"""Streamlit's caches over analytics functions: the published version this run reads, and every
query a page makes, keyed by that version (`db_key`). Pages call these and never SQL.

Dashboards only read (docs/serving.md): each run reads one published version, read-only; a
changed policy's figures come from memory (`analytics.ui.published`), never from a write.

Every figure is for the caller: each wrapper takes the logged-in caller's scope
(`analytics.ui.auth`) and hands it to its cached function as an argument (so it is part of the
cache key), which hands it to the data layer: every query function there requires it and keeps
only rows inside it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import facilitators, overview, programme
from analytics.access import guard
from analytics.access.scope import Scope
from analytics.changes import twelve_months_before, with_changes
from analytics.config import db_path
from analytics.disclosure import suppress, suppress_query, suppress_regions
from analytics.metrics import queries
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.serving.reader import READER_MEMORY_LIMIT
from analytics.ui import auth, published
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
    names = choices(cursor(), db_key())             # the caller's regions only
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


def _scope() -> Scope:
    """The caller's scope (the gate set it); no logged-in caller, no data."""
    return auth.current().scope


def headline_counts(_con: duckdb.DuckDBPyConnection, key: str) -> overview.Headline:
    """Members, groups and coverage since the programme began, in the caller's scope."""
    return _headline_counts(_con, key, _scope())


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and scopes
def _headline_counts(_con: duckdb.DuckDBPyConnection, key: str, scope: Scope) -> overview.Headline:
    return overview.headline_counts(_con, scope=scope)


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


def region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                   parent: str | None, policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    return _region_metrics(_con, key, level, month, region, parent, policy, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=256)
def _region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                    parent: str | None, policy: Policy, filters: queries.Filters, scope: Scope) -> pd.DataFrame:
    return suppress_regions(queries.region_metrics(_for(_con, policy), level, month=month, region=region,
                                                   parent=parent, policy=policy, filters=filters, scope=scope,
                                                   latest_complete=_latest_complete(_con, key, policy, scope)))


def map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
               policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    """Every region's figures in `month`, with their change over 12 months (points)."""
    return _map_values(_con, key, level, month, parent, policy, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=128)
def _map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
                policy: Policy, filters: queries.Filters, scope: Scope) -> pd.DataFrame:
    source, latest_complete = _for(_con, policy), _latest_complete(_con, key, policy, scope)

    def at(when: date) -> pd.DataFrame:
        return suppress_regions(queries.map_values(source, level, when, parent=parent, policy=policy,
                                                   filters=filters, scope=scope, latest_complete=latest_complete))
    return with_changes(at(month), at(twelve_months_before(month)))


def distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy) -> pd.DataFrame:
    return _distribution(_con, key, year, region, policy, _scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy,
                  scope: Scope) -> pd.DataFrame:
    return queries.pl_ratio_distribution(_for(_con, policy), year, region=region, policy=policy, scope=scope)


def facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                      facilitator: int | None = None) -> pd.DataFrame:
    """Facilitators working in `region` (or one), with the attention rule applied."""
    return _facilitator_table(_con, key, month, policy, region, facilitator, _scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                       facilitator: int | None, scope: Scope) -> pd.DataFrame:
    frame = facilitators.with_attention(queries.facilitator_table(_for(_con, policy), month, policy=policy,
                                                                  region=region, facilitator=facilitator,
                                                                  scope=scope))
    return suppress(frame, "active_members", facilitators.MEMBER_FIGURES)


def latest_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    """The data's latest month in the caller's scope (the same for every policy: read from the
    default marts)."""
    return _latest_month(_con, key, _scope())


@st.cache_data(show_spinner=False, max_entries=16)   # a few versions and scopes
def _latest_month(_con: duckdb.DuckDBPyConnection, key: str, scope: Scope) -> date | None:
    return queries.latest_month(_con, DEFAULT_POLICY, scope=scope)


def default_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    """The latest complete month under `policy` (its completeness threshold and reporting rule),
    of the caller's scope."""
    return month_state(_con, key, policy).latest_complete


def month_state(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> queries.months.MonthState:
    """The latest complete month under `policy` in the caller's scope and the provisional months after it."""
    return _month_state(_con, key, policy, _scope())


@st.cache_data(show_spinner=False, max_entries=16)
def _month_state(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, scope: Scope) -> queries.months.MonthState:
    return queries.month_state(_for(_con, policy), policy, scope=scope)


def _latest_complete(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, scope: Scope) -> date | None:
    """The scope's latest complete month from the cached month state (queries need it; computing it is a query)."""
    return _month_state(_con, key, policy, scope).latest_complete


def completeness_by_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> pd.DataFrame:
    """Every month's completeness in the caller's scope and whether it is complete or provisional."""
    return _completeness_by_month(_con, key, policy, _scope())


@st.cache_data(show_spinner=False, max_entries=16)
def _completeness_by_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, scope: Scope) -> pd.DataFrame:
    return queries.completeness_by_month(_for(_con, policy), policy, scope=scope)


def choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    """What the sidebar may offer this caller: regions and facilitators inside the scope."""
    return _scoped_choices(_con, key, _scope())


def all_choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    """Every region and filter value the database knows, for reading a link only: a value outside
    the caller's scope is then named in its own notice and dropped (`frame.confine`)."""
    return _scoped_choices(_con, key, Scope.nation())


@st.cache_data(show_spinner=False, max_entries=64)    # a few versions and scopes
def _scoped_choices(_con: duckdb.DuckDBPyConnection, key: str, scope: Scope) -> programme.Choices:
    """The months include provisional ones (the sidebar offers the complete months of the view's
    policy only)."""
    return programme.choices(_con, include_provisional=True, scope=scope)


def table(_con: duckdb.DuckDBPyConnection, key: str, name: str, **params: object) -> pd.DataFrame:
    """Any named programme query (`analytics.programme.QUERIES`) the caller may run, inside their
    scope (`analytics.access.guard`); an empty answer otherwise."""
    identity = auth.current()
    return _table(_con, key, name, identity.scope, identity.allowed, **params)


@st.cache_data(show_spinner=False, max_entries=64)
def _table(_con: duckdb.DuckDBPyConnection, key: str, name: str, scope: Scope, allowed: frozenset,
           **params: object) -> pd.DataFrame:
    policy = params.get("policy", DEFAULT_POLICY)
    frame = programme.run(_for(_con, policy), name, scope=scope,
                          latest_complete=_latest_complete(_con, key, policy, scope), **params)
    if not guard.permitted(name, allowed):
        return frame.iloc[0:0]
    return suppress_query(name, guard.redact(name, frame, allowed))


def map_figure(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, province: str | None,
               policy: Policy, filters: queries.Filters, metric: str, lang: str, title: str, subtitle: str):
    return _map_figure(_con, key, level, month, province, policy, filters, metric, lang, title, subtitle, _scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _map_figure(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, province: str | None,
                policy: Policy, filters: queries.Filters, metric: str, lang: str, title: str, subtitle: str,
                scope: Scope):
    """The choropleth for a view; the browser fetches its boundaries by URL (cached)."""
    from analytics.charts.maps import choropleth, inside
    from analytics.geo.layers import layer, regencies_of, web_layer

    geojson = inside(regencies_of(province) if province else layer("provinsi"), level, scope.contains)
    values = _map_values(_con, key, level, month, province, policy, filters, scope)
    return choropleth(geojson, values, level, metric, lang, title=title, subtitle=subtitle, height=MAP_HEIGHT,
                      url=web_layer(province))


def impact(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, region: str | None,
           filters: queries.Filters):
    """Impact estimates for a view inside the caller's scope (the writer keeps the default's in
    the store: `analytics impact`)."""
    return _impact(_con, key, policy, region, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=32)
def _impact(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, region: str | None,
            filters: queries.Filters, scope: Scope):
    from analytics.impact import service
    return service.estimate(_for(_con, policy), policy, region=region, filters=filters, scope=scope)
