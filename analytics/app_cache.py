"""The one app-side module that wraps analytics functions for Streamlit (connection, caching)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from analytics import overview
from analytics.config import db_path
from analytics.store import is_synthetic, open_store


@st.cache_resource(show_spinner=False)
def _connection(path: str, modified: float) -> duckdb.DuckDBPyConnection:
    return open_store(path, read_only=True)


def database_path() -> Path:
    return db_path()


def cursor() -> duckdb.DuckDBPyConnection | None:
    """A cursor on the process-wide read-only connection, or None when there is no database."""
    path = database_path()
    if not path.exists():
        return None
    return _connection(str(path), path.stat().st_mtime).cursor()


@st.cache_data(show_spinner=False)
def headline_counts(_con: duckdb.DuckDBPyConnection, db_key: str) -> overview.Headline:
    return overview.headline_counts(_con)


@st.cache_data(show_spinner=False)
def synthetic(_con: duckdb.DuckDBPyConnection, db_key: str) -> bool:
    return is_synthetic(_con)


def db_key() -> str:
    """Changes whenever the database file changes, so cached figures are recomputed."""
    path = database_path()
    return f"{path}:{path.stat().st_mtime}" if path.exists() else str(path)
