"""Read-only access to the published version, for dashboards and commands that only read.

Each process keeps one handle per version it has open: an in-memory DuckDB with the version
file attached read-only (so opening it never clashes with another connection to the same
file in this process), and a shared lock on the file so the writer does not remove it. A
process moves to a new version when it next asks for the current one; an old version's handle
is dropped `KUBE_VERSION_GRACE` seconds (120) after its last use, and the lock goes with it.
Cursors already handed out keep their version readable until they are gone.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.serving import leases
from analytics.serving.layout import Store, version_number
from analytics.serving.versions import manifest
from analytics.store import LATEST_VERSION, StoreError, schema_version

ALIAS = "kube"
READER_MEMORY_LIMIT = "2GB"


def grace_seconds() -> float:
    return float(os.environ.get("KUBE_VERSION_GRACE", "120"))


def temp_directory() -> str:
    """Where in-memory databases spill (never the working directory)."""
    path = Path(tempfile.gettempdir()) / "kube-duckdb"
    path.mkdir(exist_ok=True)
    return str(path)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def attach_read_only(path: Path, memory_limit: str = READER_MEMORY_LIMIT,
                     alias: str = ALIAS) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB with `path` attached read-only as `alias` and in use."""
    con = duckdb.connect(":memory:", config={"memory_limit": memory_limit, "preserve_insertion_order": False,
                                             "temp_directory": temp_directory()})
    try:
        con.execute(f"ATTACH {_literal(path)} AS {alias} (READ_ONLY)")   # ATTACH takes no bound parameters
        con.execute(f"USE {alias}")
        con.execute("SET enable_progress_bar = false")
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"Cannot open {path}: {str(exc).splitlines()[0]}") from None
    return con


class VersionGone(Exception):
    """The version was removed between finding and opening it; look again."""


@dataclass
class VersionInfo:
    number: int | None           # None: a plain, unversioned database file
    published_at: str | None
    path: Path


class Handle:
    """One published version open read-only in this process."""

    def __init__(self, path: Path, key: str, memory_limit: str = READER_MEMORY_LIMIT, info: dict | None = None):
        lease = leases.hold_shared(path)
        if lease is None:
            raise VersionGone(str(path))
        weakref.finalize(self, leases.release, lease)
        self.path, self.key = path, key
        self.con = attach_read_only(path, memory_limit)
        version = schema_version(self.con)
        if version < LATEST_VERSION:
            raise StoreError(f"The database {path} has schema version {version}; run "
                             "`python -m analytics status` once to upgrade it (a writer job).")
        info = info or {}
        self.info = VersionInfo(version_number(path), info.get("published_at"), path)
        self.last_used = time.monotonic()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread or session, reading this version."""
        self.last_used = time.monotonic()
        cur = self.con.cursor()
        cur.execute(f"USE {ALIAS}")
        return cur


def _identity(path: Path) -> str:
    st = path.stat()
    return f"{path}@{st.st_ino}:{st.st_mtime_ns}"


class Reader:
    """The versions this process has open, by store; thread-safe."""

    def __init__(self, memory_limit: str = READER_MEMORY_LIMIT):
        self.memory_limit = memory_limit
        self._lock = threading.Lock()
        self._handles: dict[str, Handle] = {}
        self._current: dict[Path, str] = {}

    def current(self, store: Store) -> Handle | None:
        """The store's current version (opened on first use), or None when there is none."""
        with self._lock:
            for _ in range(5):
                path = store.current()
                if path is None:
                    return None
                try:
                    key = _identity(path)
                    handle = self._handles.get(key)
                    if handle is None:
                        handle = Handle(path, key, self.memory_limit, manifest(store, version_number(path)))
                        self._handles[key] = handle
                except (VersionGone, FileNotFoundError):
                    continue                      # replaced while we looked: find the new one
                handle.last_used = time.monotonic()
                self._current[store.link] = key
                self._drop_stale()
                return handle
        raise StoreError(f"The published version of {store.link} keeps changing; try again in a moment.")

    def get(self, key: str) -> Handle | None:
        """A version this process still has open (a page run keeps reading the one it began on)."""
        with self._lock:
            handle = self._handles.get(key)
            if handle is not None:
                handle.last_used = time.monotonic()
            return handle

    def _drop_stale(self) -> None:
        now, current = time.monotonic(), set(self._current.values())
        for key, handle in list(self._handles.items()):
            if key not in current and now - handle.last_used > grace_seconds():
                del self._handles[key]           # not closed: open cursors keep it readable

    def open_keys(self) -> list[str]:
        with self._lock:
            return list(self._handles)


READER = Reader()


def current(store: Store) -> Handle | None:
    """The process-wide reader's current version of `store`."""
    return READER.current(store)
