"""The audit trail: who logged in (or failed to), which page and region they viewed, what they
exported or imported, and account changes, when. An append-only `audit_events` table in its own
SQLite file (WAL, so dashboards, the writer and the identity provider's supervisor append at the
same time; the DuckDB store stays read-only for dashboards). Triggers refuse UPDATE and DELETE;
only `prune` removes events past the retention period (lifting the guard inside its own
transaction), and it records that it did. The triggers stop the application's code paths, not
someone who can write the file: keep it on a disk only the service account reaches.

Nothing secret goes in: values are cleaned (`clean`) so a NIK is masked and no field named like a
password is kept.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from analytics.access.paths import audit_path
from analytics.access.private import private_dir

RETENTION_DAYS = 730          # two years, then `python -m analytics audit prune`
ACTIONS = ("login", "login_failed", "session", "session_expired", "session_refused", "logout", "view", "export",
           "import_submitted", "import", "import_refused", "confirm_submitted", "report_confirmed",
           "confirm_refused", "account_added", "account_changed", "account_disabled",
           "account_enabled", "password_reset", "denied", "audit_pruned")
COLUMNS = ("event_id", "at", "actor", "action", "page", "region", "detail", "source", "client")
SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_events (
    event_id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,              -- UTC, ISO 8601
    actor TEXT,                    -- the account (sub); NULL when unknown (a failed login of no account)
    action TEXT NOT NULL,
    page TEXT,
    region TEXT,                   -- region code viewed, exported or imported
    detail TEXT,                   -- JSON: what was exported, which file, why refused
    source TEXT NOT NULL,          -- dashboard | provider | cli | writer
    client TEXT                    -- the client address where known
);
CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);
CREATE INDEX IF NOT EXISTS audit_events_actor ON audit_events (actor, at);
CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
"""
NO_DELETE = """CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;"""

_NIK = re.compile(r"\d{16,}")
_SECRET_KEY = re.compile(r"pass|secret|token|nik", re.IGNORECASE)
_lock = threading.Lock()
_connections: dict[str, sqlite3.Connection] = {}


def clean(value: object) -> object:
    """A value safe to keep: digit runs of a NIK's length masked, secret-looking keys dropped."""
    if isinstance(value, str):
        return _NIK.sub(lambda m: m[0][:4] + "*" * (len(m[0]) - 8) + m[0][-4:], value)[:500]
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items() if not _SECRET_KEY.search(str(k))}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value][:100]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return clean(str(value))


def connect(path: Path | None = None) -> sqlite3.Connection:
    """This process's connection to the audit file (one per path, shared under a lock)."""
    path = Path(path) if path else audit_path()
    key = str(path)
    with _lock:
        con = _connections.get(key)
        if con is None:
            private_dir(path.parent)
            con = sqlite3.connect(key, timeout=30, check_same_thread=False, isolation_level=None)
            path.chmod(0o600)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA busy_timeout=30000")
            con.executescript(SCHEMA)
            con.execute(NO_DELETE)
            _connections[key] = con
        return con


def record(action: str, actor: str | None = None, *, page: str | None = None, region: str | None = None,
           detail: Mapping[str, object] | None = None, source: str = "dashboard", client: str | None = None,
           at: datetime | None = None, path: Path | None = None) -> None:
    """Append one event."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    when = (at or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")
    row = (when, clean(actor), action, clean(page), clean(region),
           json.dumps(clean(dict(detail)), ensure_ascii=False, sort_keys=True) if detail else None,
           source, clean(client))
    con = connect(path)
    with _lock:
        con.execute("INSERT INTO audit_events (at, actor, action, page, region, detail, source, client) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)


@dataclass(frozen=True)
class Query:
    """Filters of the audit page: each None means any."""

    actor: str | None = None
    actions: tuple[str, ...] = ()
    region: str | None = None          # this region and what lies inside it
    start: date | None = None
    end: date | None = None            # inclusive
    limit: int = 5000


def events(query: Query = Query(), path: Path | None = None) -> list[dict[str, object]]:
    """Events matching `query`, newest first."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit_events WHERE 1 = 1"
    args: list[object] = []
    if query.actor:
        sql += " AND actor = ?"
        args.append(query.actor)
    if query.actions:
        sql += f" AND action IN ({', '.join('?' for _ in query.actions)})"
        args += list(query.actions)
    if query.region:
        sql += " AND (region = ? OR region LIKE ?)"
        args += [query.region, query.region + ".%"]
    if query.start:
        sql += " AND at >= ?"
        args.append(query.start.isoformat())
    if query.end:
        sql += " AND at < ?"
        args.append((query.end + timedelta(days=1)).isoformat())
    sql += " ORDER BY event_id DESC LIMIT ?"
    args.append(query.limit)
    con = connect(path)
    with _lock:
        rows = con.execute(sql, args).fetchall()
    return [dict(zip(COLUMNS, r)) for r in rows]


def actors(path: Path | None = None) -> list[str]:
    con = connect(path)
    with _lock:
        return [r[0] for r in con.execute("SELECT DISTINCT actor FROM audit_events WHERE actor IS NOT NULL ORDER BY 1")]


def csv_text(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def prune(keep_days: int = RETENTION_DAYS, archive: Path | None = None, actor: str | None = None,
          path: Path | None = None) -> int:
    """Remove events older than `keep_days` (written to `archive` as CSV first, when given);
    the pruning itself is recorded. Returns how many were removed."""
    if keep_days < 30:
        raise ValueError("keep at least 30 days of audit events")
    cutoff = (datetime.now(timezone.utc) - timedelta(days=keep_days)).isoformat(timespec="seconds")
    con = connect(path)
    with _lock:
        old = [dict(zip(COLUMNS, r)) for r in
               con.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_events WHERE at < ? ORDER BY event_id", [cutoff])]
        if archive is not None and old:
            Path(archive).write_text(csv_text(old), encoding="utf-8")
        # The guard is lifted inside one transaction only: no other writer sees it missing.
        con.execute("BEGIN IMMEDIATE")
        try:
            con.execute("DROP TRIGGER audit_events_no_delete")
            con.execute("DELETE FROM audit_events WHERE at < ?", [cutoff])
            con.execute(NO_DELETE)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    record("audit_pruned", actor, detail={"before": cutoff, "removed": len(old),
                                          "archive": str(archive) if archive else None}, source="cli", path=path)
    return len(old)
