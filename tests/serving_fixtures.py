"""Helpers for the serving tests: a private store copied from the small demo database."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from analytics.serving.layout import Store


def store_from(tiny_demo: Path, folder: Path) -> Store:
    """A store at `folder/kube.duckdb` holding a plain copy of the small demo database."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(tiny_demo, folder / "kube.duckdb")
    return Store(folder / "kube.duckdb")


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def count(path: Path, sql: str, params: list | None = None):
    """One value from a read-only look at a database file."""
    from analytics.serving.reader import attach_read_only

    con = attach_read_only(Path(path))
    try:
        return con.execute(sql, params or []).fetchall()[0][0]
    finally:
        con.close()
