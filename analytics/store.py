"""The DuckDB store: connections, schema migrations, named SQL files."""
from __future__ import annotations

import os
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import duckdb

from analytics.config import SQL_DIR

MIGRATIONS_DIR = SQL_DIR / "migrations"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PUBLISHED = re.compile(r"^v\d{6,}\.duckdb$")       # analytics/serving: versions never change once published


class StoreError(RuntimeError):
    """A problem with the database a person can act on; the message says what to do."""


def quote_ident(name: str) -> str:
    """Quote a SQL identifier (table or column); the only way identifiers enter SQL text."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return f'"{name}"'


_INCLUDE = re.compile(r"\{\{\s*([a-z_/]+)\s*\}\}")


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of `analytics/sql/<name>.sql`, with `{{ other }}` replaced by that file's query."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: load_sql(m.group(1)), text)


_PARAM = re.compile(r"\$([a-z_]+)")
_COMMENT = re.compile(r"--[^\n]*")


def bind(sql: str, values: dict[str, object]) -> dict[str, object]:
    """The subset of `values` that `sql` names as `$parameters` outside comments (DuckDB refuses
    extra ones; a model's header comment names parameters its query may not use)."""
    return {name: values[name] for name in set(_PARAM.findall(_COMMENT.sub("", sql)))}


def connect(path: str | Path, read_only: bool = False, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database file, turning lock and permission failures into a `StoreError`.

    DuckDB's memory limit defaults to `KUBE_MEMORY_LIMIT` or 6GB (it spills to disk beyond).
    """
    path = Path(path)
    if not read_only and path.exists() and _PUBLISHED.match(path.resolve().name) \
            and path.resolve().parent.name.endswith(".versions"):
        raise StoreError(
            f"{path} is a published version, which is read-only. Changes go through the writer: "
            "python -m analytics import / refresh / update-reference (docs/serving.md)."
        )
    if read_only and not path.exists():
        raise StoreError(
            f"No database at {path}. Create the demo one with `python -m analytics demo` "
            "or import reports with `python -m analytics import`."
        )
    try:
        limit = memory_limit or os.environ.get("KUBE_MEMORY_LIMIT", "6GB")
        con = duckdb.connect(str(path), read_only=read_only,
                             config={"memory_limit": limit, "preserve_insertion_order": False})
        con.execute("SET enable_progress_bar = false")
        return con
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"The database {path} is in use by another process. Commands that change data go "
                "through the writer (python -m analytics import / refresh), which never waits for readers."
            ) from None
        raise StoreError(f"Cannot open {path}: {text.splitlines()[0]}") from None
    except duckdb.Error as exc:
        raise StoreError(f"Cannot open {path}: {str(exc).splitlines()[0]}") from None


def migrations() -> list[tuple[int, Path]]:
    """All migrations as (version, file), in order."""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        found.append((int(file.name.split("_", 1)[0]), file))
    return found


LATEST_VERSION = migrations()[-1][0]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open database (0 for an empty one)."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection, target: int | None = None) -> int:
    """Bring the schema up to `target` (default: latest) in place; data are kept. Returns the version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    current = schema_version(con)
    target = LATEST_VERSION if target is None else target
    for version, file in migrations():
        if current < version <= target:
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(file.read_text(encoding="utf-8"))
                con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)", [version, file.stem, datetime.now()]
                )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            current = version
    return current


def open_store(path: str | Path, read_only: bool = False, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """Open a database and upgrade its schema (read-write), or check it is current (read-only)."""
    con = connect(path, read_only=read_only, memory_limit=memory_limit)
    if read_only:
        version = schema_version(con)
        if version < LATEST_VERSION:
            con.close()
            raise StoreError(
                f"The database {path} has schema version {version}; run "
                "`python -m analytics status` once to upgrade it in place."
            )
    else:
        migrate(con)
    return con


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame) -> None:
    """Append a pandas DataFrame or Arrow table to `table`, matching columns by name."""
    names = frame.column_names if hasattr(frame, "column_names") else list(frame.columns)
    columns = ", ".join(quote_ident(c) for c in names)
    con.register("incoming_frame", frame)
    try:
        con.execute(f"INSERT INTO {quote_ident(table)} ({columns}) SELECT {columns} FROM incoming_frame")
    finally:
        con.unregister("incoming_frame")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of every base table, by name."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_schema = 'main' ORDER BY table_name"
    ).fetchall()]
    return {n: con.execute(f"SELECT count(*) FROM {quote_ident(n)}").fetchall()[0][0] for n in names}


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The key/value metadata table (synthetic flag, seed, scale, build time...)."""
    return dict(con.execute("SELECT key, value FROM meta").fetchall())


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the data were made by the demo generator."""
    return meta(con).get("synthetic") == "true"
