"""Figures for a changed policy, computed in memory by the reading process and never written.

An entry holds the marts for one (published version, policy, scope): the scope is a province
(its members only) or the whole country. It is an in-memory DuckDB with the version attached
read-only: the tables the refresh reads are copied for the scope, every other table is a view
of the version, and the refresh fills empty mart tables. Rows that would describe more than
the scope (the national level of a province's entry) are removed, so a query never sees a
partial aggregate. Entries are built once for concurrent identical requests (single flight,
in a background thread so a page can show progress) and kept in a bounded LRU cache.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import duckdb

from analytics.metrics.policy import Policy
from analytics.serving.reader import Handle, attach_read_only

NATION = "00"
POLICY_MEMORY_LIMIT = "1500MB"
# Tables the refresh reads that belong to groups, restricted to the scope's groups (in order).
SCOPED = {
    "kube": "left(regency_code, 2) = $province",
    "members": "kube_id IN (SELECT kube_id FROM memory.main.kube)",
    "member_income": "member_id IN (SELECT member_id FROM memory.main.members)",
    "kube_business": "kube_id IN (SELECT kube_id FROM memory.main.kube)",
    "sales": "kube_id IN (SELECT kube_id FROM memory.main.kube)",
}
BEYOND_PROVINCE = (      # rows that would aggregate beyond one province
    "DELETE FROM mart_region_month WHERE level = 'nasional'",
    "DELETE FROM mart_distribution_year WHERE level = 'nasional'",
    "DELETE FROM mart_chain_month",
)


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class ScopeTooLarge(Exception):
    """More members than one in-memory build may take; the view should narrow to a province."""

    def __init__(self, members: int, limit: int):
        super().__init__(f"{members} members > {limit}")
        self.members, self.limit = members, limit


@dataclass
class Entry:
    """One policy's marts for one version and scope, in memory."""

    key: tuple[str, str, str]
    members: int
    expected_seconds: float
    handle: Handle = field(repr=False)
    con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    ready: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    started: float = field(default_factory=time.monotonic)
    seconds: float | None = None
    last_used: float = field(default_factory=time.monotonic)

    def progress(self) -> float:
        """A share done, estimated from the time builds of this size took (never 1 until ready)."""
        if self.ready.is_set():
            return 1.0
        return min(0.95, (time.monotonic() - self.started) / max(self.expected_seconds, 0.5))

    def cursor(self) -> duckdb.DuckDBPyConnection:
        if self.error is not None:
            raise self.error
        return self.con.cursor()


def scope_members(handle: Handle, scope: str) -> int:
    """How many members a build for `scope` would take."""
    cur = handle.cursor()
    if scope == NATION:
        return cur.execute("SELECT count(*) FROM members").fetchall()[0][0]
    return cur.execute("SELECT count(*) FROM members JOIN kube USING (kube_id) WHERE left(regency_code, 2) = ?",
                       [scope]).fetchall()[0][0]


def build(handle: Handle, policy: Policy, scope: str) -> duckdb.DuckDBPyConnection:
    """The in-memory database with `policy`'s marts for `scope` (nothing is written to the store)."""
    from analytics.metrics.refresh import refresh

    con = attach_read_only(handle.path, POLICY_MEMORY_LIMIT, alias="pub")
    con.execute("USE memory")
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'pub' AND schema_name = 'main'").fetchall()]
    ordered = [n for n in SCOPED if n in names] + [n for n in names if n not in SCOPED]
    for name in ordered:
        if name.startswith("mart_") or name == "impact_cache":
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM pub.main."{name}" LIMIT 0')
        elif scope != NATION and name in SCOPED:
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM pub.main."{name}" WHERE {SCOPED[name]}',
                        {"province": scope} if "$province" in SCOPED[name] else None)
        else:
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM pub.main."{name}"')
    refresh(con, policy)
    # Where figures end is a property of the nation's reports: every in-memory entry (a province's
    # or the country's) keeps the published national counts (default reporting rule), so every
    # view of a changed policy ends at the same month; its completeness threshold still applies.
    from analytics.metrics.months import PINNED
    from analytics.metrics.policy import DEFAULT_POLICY
    con.execute(f"CREATE TABLE {PINNED} AS SELECT month, registered_members, reporting_members, reported_members, "
                "expected_members, reported_members / nullif(expected_members, 0) AS month_completeness "
                "FROM pub.main.mart_region_month WHERE params_key = ? AND level = 'nasional' ORDER BY month",
                [DEFAULT_POLICY.key()])
    if scope != NATION:
        for statement in BEYOND_PROVINCE:
            con.execute(statement)
    return con


class PolicyCache:
    """Entries by (version, policy, scope), least recently used dropped first; thread-safe."""

    def __init__(self, max_entries: int | None = None, max_members: int | None = None,
                 build_limit: int | None = None):
        self.max_entries = max_entries or _setting("KUBE_POLICY_CACHE_ENTRIES", 4)
        self.max_members = max_members or _setting("KUBE_POLICY_CACHE_MEMBERS", 600_000)
        self.build_limit = build_limit or _setting("KUBE_POLICY_MAX_MEMBERS", 300_000)
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str, str], Entry] = OrderedDict()
        self._rate = 0.3e-3                     # seconds per member, learned from builds

    def get(self, handle: Handle, policy: Policy, scope: str) -> Entry:
        """The entry, building it in the background if nobody has (callers wait on `ready`)."""
        key = (handle.key, policy.key(), scope)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                entry.last_used = time.monotonic()
                return entry
        members = scope_members(handle, scope)
        if members > self.build_limit:
            raise ScopeTooLarge(members, self.build_limit)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = Entry(key, members, members * self._rate + 1.0, handle)
                self._entries[key] = entry
                # Not a daemon: an exiting process waits for a build rather than cut it off inside
                # DuckDB (which aborts the process instead of exiting).
                threading.Thread(target=self._build, args=(entry, policy, scope), name="kube-policy-build").start()
            self._entries.move_to_end(key)
            return entry

    def peek(self, key: tuple[str, str, str]) -> Entry | None:
        with self._lock:
            return self._entries.get(key)

    def _build(self, entry: Entry, policy: Policy, scope: str) -> None:
        try:
            entry.con = build(entry.handle, policy, scope)
            entry.seconds = time.monotonic() - entry.started
            with self._lock:
                self._rate = 0.5 * self._rate + 0.5 * entry.seconds / max(entry.members, 1)
        except BaseException as exc:            # noqa: BLE001 (waiters get the error)
            entry.error = exc
            with self._lock:
                self._entries.pop(entry.key, None)
        finally:
            self._evict()                       # before the waiters go on (their process may be ending)
            entry.ready.set()

    def _evict(self) -> None:
        """Drop the least recently used finished entries beyond the limits (in-use cursors keep theirs)."""
        with self._lock:
            def over() -> bool:
                ready = [e for e in self._entries.values() if e.ready.is_set()]
                return len(self._entries) > self.max_entries or sum(e.members for e in ready) > self.max_members
            for key in list(self._entries):
                if not over():
                    break
                if self._entries[key].ready.is_set() and key != next(reversed(self._entries)):
                    del self._entries[key]

    def expire(self, current_version: str, grace: float) -> None:
        """Drop entries of older versions unused for `grace` seconds (they hold the old file)."""
        now = time.monotonic()
        with self._lock:
            for key, entry in list(self._entries.items()):
                if key[0] != current_version and entry.ready.is_set() and now - entry.last_used > grace:
                    del self._entries[key]

    def keys(self) -> list[tuple[str, str, str]]:
        with self._lock:
            return list(self._entries)


POLICIES = PolicyCache()
