"""Streamlit's caches over analytics functions: the process's connection, and every query a
page makes, keyed by the database's state (`db_key`). Pages call these and never SQL.

Every figure is for the caller: each wrapper takes the logged-in caller's scope
(`analytics.ui.auth`) and hands it to its cached function as an argument (so it is part of the
cache key), which passes it to the query and keeps only rows inside it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import facilitators, overview, programme
from analytics.access import guard
from analytics.access.scope import Scope
from analytics.config import db_path
from analytics.disclosure import suppress, suppress_query, suppress_regions
from analytics.metrics import queries
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import ensure_fresh
from analytics.ui import auth
from analytics.ui.state import View
from analytics.i18n import t
from analytics.store import is_synthetic, open_store

APP_MEMORY_LIMIT = "2GB"


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
    names = all_choices(cursor(), db_key())
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


def headline_counts(_con: duckdb.DuckDBPyConnection, key: str) -> overview.Headline | None:
    """Programme-wide counts: national figures, so None for a caller with a narrower scope
    (`overview_counts.sql` has no scope filter yet)."""
    return _headline_counts(_con, key) if _scope().national else None


@st.cache_data(show_spinner=False)
def _headline_counts(_con: duckdb.DuckDBPyConnection, key: str) -> overview.Headline:
    return overview.headline_counts(_con)


@st.cache_data(show_spinner=False)
def synthetic(_con: duckdb.DuckDBPyConnection, key: str) -> bool:
    return is_synthetic(_con)


def ensure_marts(con: duckdb.DuckDBPyConnection, policy: Policy, lang: str) -> None:
    """Build the marts for a policy once (cached in the database); later calls are instant."""
    with st.spinner(t("policy.computing", lang)):
        ensure_fresh(con, policy)


def region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                   parent: str | None, policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    return _region_metrics(_con, key, level, month, region, parent, policy, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=256)
def _region_metrics(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date | None, region: str | None,
                    parent: str | None, policy: Policy, filters: queries.Filters, scope: Scope) -> pd.DataFrame:
    frame = queries.region_metrics(_con, level, month=month, region=region, parent=parent, policy=policy,
                                   filters=filters, scope=scope.touched_provinces())
    return suppress_regions(scope.filter_frame(frame).reset_index(drop=True))


def map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
               policy: Policy, filters: queries.Filters) -> pd.DataFrame:
    return _map_values(_con, key, level, month, parent, policy, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=128)
def _map_values(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, parent: str | None,
                policy: Policy, filters: queries.Filters, scope: Scope) -> pd.DataFrame:
    frame = queries.map_values(_con, level, month, parent=parent, policy=policy, filters=filters,
                               scope=scope.touched_provinces())
    return suppress_regions(scope.filter_frame(frame).reset_index(drop=True))


def distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy) -> pd.DataFrame:
    return _distribution(_con, key, year, region, policy, _scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _distribution(_con: duckdb.DuckDBPyConnection, key: str, year: int, region: str, policy: Policy,
                  scope: Scope) -> pd.DataFrame:
    frame = queries.pl_ratio_distribution(_con, year, region=region, policy=policy, scope=scope.touched_provinces())
    return frame if scope.contains(region) else frame.iloc[0:0]


def facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                      facilitator: int | None = None) -> pd.DataFrame:
    """Facilitators working in `region` (or one), with the attention rule applied."""
    return _facilitator_table(_con, key, month, policy, region, facilitator, _scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _facilitator_table(_con: duckdb.DuckDBPyConnection, key: str, month: date, policy: Policy, region: str,
                       facilitator: int | None, scope: Scope) -> pd.DataFrame:
    frame = queries.facilitator_table(_con, month, policy=policy, region=region, facilitator=facilitator,
                                      scope=scope.touched_provinces())
    frame = scope.filter_frame(frame) if scope.contains(region) else frame.iloc[0:0]
    frame = facilitators.with_attention(frame.reset_index(drop=True))
    return suppress(frame, "active_members", facilitators.MEMBER_FIGURES)


@st.cache_data(show_spinner=False)
def latest_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    return queries.latest_month(_con, policy)


@st.cache_data(show_spinner=False)
def default_month(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy) -> date | None:
    return queries.default_month(_con, policy)


def choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    """What the sidebar may offer this caller: regions and facilitators inside the scope."""
    return _scoped_choices(_con, key, _scope())


@st.cache_data(show_spinner=False)
def all_choices(_con: duckdb.DuckDBPyConnection, key: str) -> programme.Choices:
    """Every region and filter value the database knows (for reading a link: a value outside the
    caller's scope is then named in its own notice, see `frame.confine`)."""
    return programme.choices(_con)


@st.cache_data(show_spinner=False)
def _scoped_choices(_con: duckdb.DuckDBPyConnection, key: str, scope: Scope) -> programme.Choices:
    c = all_choices(_con, key)
    if scope.national:
        return c
    regencies = {code: name for code, name in c.regencies.items() if scope.contains(code)}
    fac_regency = {f: r for f, r in c.facilitator_regency.items() if r in regencies}
    works = guard.chain_regencies(_con)
    chains = {k: n for k, n in c.chains.items() if any(scope.contains(r) for r in works.get(k, ()))}
    return replace(c, provinces={code: name for code, name in c.provinces.items() if scope.touches(code)},
                   chains=chains,
                   regencies=regencies, facilitators={f: n for f, n in c.facilitators.items() if f in fac_regency},
                   facilitator_regency=fac_regency)


def table(_con: duckdb.DuckDBPyConnection, key: str, name: str, **params: object) -> pd.DataFrame:
    """Any named programme query (`analytics.programme.QUERIES`) the caller may run, inside their
    scope (`analytics.access.guard`); an empty answer otherwise."""
    identity = auth.current()
    return _table(_con, key, name, identity.scope, identity.allowed, **params)


@st.cache_data(show_spinner=False, max_entries=64)
def _table(_con: duckdb.DuckDBPyConnection, key: str, name: str, scope: Scope, allowed: frozenset,
           **params: object) -> pd.DataFrame:
    frame = programme.run(_con, name, **params)
    if not guard.allowed(_con, name, params, scope, allowed):
        return frame.iloc[0:0]
    return suppress_query(name, guard.inside(name, frame, scope).reset_index(drop=True))


def map_figure(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, province: str | None,
               policy: Policy, filters: queries.Filters, metric: str, lang: str, title: str, subtitle: str):
    return _map_figure(_con, key, level, month, province, policy, filters, metric, lang, title, subtitle, _scope())


@st.cache_data(show_spinner=False, max_entries=32)
def _map_figure(_con: duckdb.DuckDBPyConnection, key: str, level: str, month: date, province: str | None,
                policy: Policy, filters: queries.Filters, metric: str, lang: str, title: str, subtitle: str,
                scope: Scope):
    """The choropleth for a view; the browser fetches its boundaries by URL (cached)."""
    from analytics.charts.maps import choropleth
    from analytics.geo.layers import layer, regencies_of, web_layer

    geojson = regencies_of(province) if province else layer("provinsi")
    values = _map_values(_con, key, level, month, province, policy, filters, scope)
    return choropleth(geojson, values, level, metric, lang, title=title, subtitle=subtitle,
                      url=web_layer(province))


def impact(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, region: str | None,
           filters: queries.Filters):
    """Impact estimates for a view inside the caller's scope (also kept in the database)."""
    return _impact(_con, key, policy, region, filters, _scope())


@st.cache_data(show_spinner=False, max_entries=32)
def _impact(_con: duckdb.DuckDBPyConnection, key: str, policy: Policy, region: str | None,
            filters: queries.Filters, scope: Scope):
    from analytics.impact import service
    if not scope.contains(region):
        return service.Impact({}, 0.0, cached=False, error="outside the caller's scope")
    return service.estimate(_con, policy, region=region, filters=filters, scope=scope.touched_provinces())
