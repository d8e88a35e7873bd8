"""Paths and environment settings in one place."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = DATA_DIR / "kube.duckdb"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else `KUBE_DB`, else `data/kube.duckdb`."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("KUBE_DB")
    return Path(env) if env else DEFAULT_DB
