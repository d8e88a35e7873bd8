"""Build the metric marts: fully, or only for the members an import touched.

A refresh runs the declared models (`analytics.metrics.models`) in order: for each, delete what
its header's refresh predicate names, then insert its SELECT by name. Which members, groups,
facilitators and provinces are rebuilt is held in temp tables (`refresh_scope`,
`refresh_chunk`, `refresh_kubes`, `refresh_kube_part`, `refresh_facilitators`, `refresh_provinces`)
that the models read, so the same models serve a full, an incremental and (later) an in-memory build.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

import duckdb
import pandas as pd

from analytics.metrics.models import Model, models
from analytics.metrics.policy import DEFAULT_POLICY, Policy, from_json
from analytics.metrics.queries import Filters
from analytics.store import bind

MEMBER_CHUNK = 150_000
# Member-months per slice of a month-chunked model: its medians hold every value of the slice's
# member-months in memory (68.7 M nationally in one piece needed more than 8 GiB; 12 months of
# 1 M members, peak 3.9 GiB). A demo database fits in one slice.
MONTH_CHUNK_ROWS = 15_000_000


def months_per_slice(con: duckdb.DuckDBPyConnection) -> int:
    members = con.execute("SELECT count(*) FROM members").fetchall()[0][0]
    return min(1200, max(1, MONTH_CHUNK_ROWS // max(members, 1)))     # a century: every month at once
NO_FILTERS = {**Filters().values(), "scope": None}   # the marts hold every member
EARLIEST = date(1900, 1, 1)


@dataclass
class RefreshResult:
    params_key: str
    members: int
    seconds: dict[str, float] = field(default_factory=dict)


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever reports, members or confirmations are added or replaced."""
    row = con.execute("""SELECT (SELECT count(*) FROM member_income), (SELECT coalesce(max(batch_id), 0) FROM import_batches),
                                (SELECT count(*) FROM audit_log), (SELECT count(*) FROM kube_business),
                                (SELECT count(*) FROM members), (SELECT count(*) FROM confirmed_reports)""").fetchall()[0]
    return "-".join(str(v) for v in row)


def data_span(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """The first and the latest month with an income report: the marts' months."""
    return con.execute("SELECT min(month), max(month) FROM member_income").fetchall()[0]


def _stored_span(con: duckdb.DuckDBPyConnection, key: str) -> tuple[date | None, date | None] | None:
    rows = con.execute("SELECT data_start, data_end FROM mart_refresh WHERE params_key = ?", [key]).fetchall()
    return rows[0] if rows else None


def _add_months(month: date, n: int) -> date:
    total = month.year * 12 + month.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def _plan(everyone: bool, stored: tuple | None, span: tuple) -> tuple[bool, bool]:
    """(full, extends): rebuild everything, or the members given plus those the new months extend."""
    if everyone or stored is None:
        return True, False
    if stored == span:
        return False, False
    if stored[0] != span[0] or None in (*stored, *span) or span[1] < stored[1]:
        return True, False
    return False, True


def _scope_tables(con: duckdb.DuckDBPyConnection, members: list[int] | None, key: str,
                  from_month: date, span: tuple[date | None, date | None]) -> date:
    """Fill the temp tables naming what a refresh rebuilds; returns the earliest month whose
    region figures are rebuilt.

    Every registered member has a row up to the data's latest month, so when new reports move
    that month forward, every member whose months reached the old end (and every group) is
    rebuilt, and region figures from the month after the old end. A change of the first month,
    or a latest month moving back, rebuilds everything.
    """
    full, extends = _plan(members is None, _stored_span(con, key), span)
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_scope (member_id INTEGER)")
    if full:
        con.execute("INSERT INTO refresh_scope SELECT member_id FROM members")
        from_month = EARLIEST
    else:
        con.register("scope_frame", pd.DataFrame({"member_id": sorted(set(members))}, dtype="int32"))
        con.execute("INSERT INTO refresh_scope SELECT DISTINCT member_id FROM scope_frame")
        con.unregister("scope_frame")
    if extends:
        old_end = _stored_span(con, key)[1]
        con.execute("""INSERT INTO refresh_scope SELECT member_id FROM members
                       WHERE (exited_on IS NULL OR date_trunc('month', exited_on) > ?)
                         AND member_id NOT IN (SELECT member_id FROM refresh_scope)""", [old_end])
        from_month = min(from_month, _add_months(old_end, 1))
    if full or extends:
        con.execute("CREATE OR REPLACE TEMP TABLE refresh_kubes AS SELECT kube_id FROM kube")
    else:                          # the members' groups now, and before (a member may have moved)
        con.execute("""CREATE OR REPLACE TEMP TABLE refresh_kubes AS
                       SELECT kube_id FROM members WHERE member_id IN (SELECT member_id FROM refresh_scope)
                       UNION SELECT DISTINCT kube_id FROM mart_member_month
                       WHERE params_key = ? AND member_id IN (SELECT member_id FROM refresh_scope)""", [key])
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_facilitators AS
                   SELECT DISTINCT facilitator_id FROM kube WHERE kube_id IN (SELECT kube_id FROM refresh_kubes)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_provinces AS
                   SELECT DISTINCT left(regency_code, 2) AS province_code FROM kube
                   WHERE kube_id IN (SELECT kube_id FROM refresh_kubes)""")
    return from_month


def _run(con: duckdb.DuckDBPyConnection, m: Model, values: dict[str, object]) -> None:
    sql = m.insert_sql()
    con.execute(sql, bind(sql, values))


FULL_WINDOW = {"windowed": False, "window_start": EARLIEST, "keep_from": EARLIEST}


def run_model(con: duckdb.DuckDBPyConnection, m: Model, values: dict[str, object], scope: str = "refresh_scope") -> None:
    """Insert one model's rows: at once, or over slices of the members in `scope` (bounded memory)."""
    values = {**FULL_WINDOW, **values}
    if m.month_chunked:
        first = max(pd.Timestamp(values["from_month"]).date(), values["data_start"] or EARLIEST)
        last, size = values["data_end"] or first, months_per_slice(con)
        while first <= last:
            end = _add_months(first, size)
            _run(con, m, {**values, "month_lo": first, "month_hi": _add_months(end, -1)})
            first = end
        return
    if not m.chunked:
        _run(con, m, values)
        return
    ids = con.execute(f"SELECT member_id FROM {scope} ORDER BY member_id").fetchnumpy()["member_id"]
    for start in range(0, len(ids), MEMBER_CHUNK):
        lo, hi = int(ids[start]), int(ids[min(start + MEMBER_CHUNK, len(ids)) - 1])
        con.execute("CREATE OR REPLACE TEMP TABLE refresh_chunk AS "
                    f"SELECT member_id FROM {scope} WHERE member_id BETWEEN ? AND ?", [lo, hi])
        _run(con, m, {**values, "chunk_lo": lo, "chunk_hi": hi})


def look_back_months(policy: Policy) -> int:
    """How many months before a month its row's windows read: the steady months of the
    independence window, each judged over the steady window; the poverty window; and the month
    before (whether the member was reporting then)."""
    return max(policy.independent_window - 1 + policy.steady_window - 1, policy.steady_window, policy.poverty_months)


def member_window(con: duckdb.DuckDBPyConnection, policy: Policy, keep_from: date, data_start: date) -> date | None:
    """For an incremental refresh from `keep_from`: fill `refresh_window` with the members whose
    member-month rows can be rebuilt from `keep_from` on without their older history, and return
    the month their reports are read from (None: every member is rebuilt whole).

    A member qualifies when nothing before `keep_from` changes for them and what the new months
    need from earlier is in the window or stored: joined before `keep_from` (their baseline and
    the months before are as stored), and either no report before the window or at least
    `outlier_lookback` reports in it (so a new report's outlier reference, the median of the
    reports before it, lies inside the window). Everyone else is rebuilt whole; both give the
    same rows (tests/test_metrics_window.py)."""
    keep_from = pd.Timestamp(keep_from).date()
    if keep_from <= EARLIEST or data_start is None:          # a full refresh, or no reports at all
        return None
    start = _add_months(keep_from, -look_back_months(policy))
    if start <= data_start:
        return None
    # Most of a national monthly file's refresh scope is every member: then a semi-join on the
    # scope costs more than it saves. The distinct months are counted in the window only.
    scope, members = con.execute("SELECT (SELECT count(*) FROM refresh_scope), (SELECT count(*) FROM members)").fetchall()[0]
    in_scope = "TRUE" if scope * 2 > members else "member_id IN (SELECT member_id FROM refresh_scope)"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE refresh_window AS
        WITH recent AS (
            SELECT member_id, count(DISTINCT month) AS in_window
            FROM member_income
            WHERE month >= $start AND month < $keep_from AND {in_scope}
            GROUP BY member_id),
        earliest AS (
            SELECT member_id, min(month) AS first_report FROM member_income WHERE {in_scope} GROUP BY member_id)
        SELECT s.member_id
        FROM refresh_scope AS s
        JOIN members AS m USING (member_id)
        LEFT JOIN recent AS r USING (member_id)
        LEFT JOIN earliest AS e USING (member_id)
        WHERE date_trunc('month', m.joined_on) < $keep_from
          AND (e.first_report IS NULL OR e.first_report >= $start OR r.in_window >= $lookback)""",
                {"start": start, "keep_from": keep_from, "lookback": policy.outlier_lookback})
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_whole AS
                   SELECT member_id FROM refresh_scope WHERE member_id NOT IN (SELECT member_id FROM refresh_window)""")
    return start


def _stored_months(con: duckdb.DuckDBPyConnection, key: str, start: date | None, keep_from: date) -> None:
    """`refresh_stored`: the windowed members' stored months the model reads (empty: none)."""
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_stored (member_id INTEGER, month DATE, status UTINYINT, "
                "flagged BOOLEAN, outlier_reference DOUBLE)")
    if start is not None:
        con.execute("""INSERT INTO refresh_stored
                       SELECT member_id, month, status, flagged, outlier_reference FROM mart_member_month
                       WHERE params_key = ? AND month < ? AND month >= least(?::DATE, (?::DATE - INTERVAL 12 MONTH)::DATE)
                         AND member_id IN (SELECT member_id FROM refresh_window)""", [key, keep_from, start, keep_from])


def _member_months(con: duckdb.DuckDBPyConnection, m: Model, values: dict[str, object], policy: Policy) -> None:
    """The member-month model: windowed for the members `member_window` admits, whole for the rest."""
    start = member_window(con, policy, values["from_month"], values["data_start"])
    _stored_months(con, values["params_key"], start, values["from_month"])
    if start is None:
        sql = m.delete_sql()
        con.execute(sql, bind(sql, values))
        run_model(con, m, values)
        return
    key, keep_from = values["params_key"], values["from_month"]
    con.execute(f"DELETE FROM {m.mart} WHERE params_key = ? AND member_id IN (SELECT member_id FROM refresh_whole)", [key])
    con.execute(f"DELETE FROM {m.mart} WHERE params_key = ? AND month >= ? "
                "AND member_id IN (SELECT member_id FROM refresh_window)", [key, keep_from])
    run_model(con, m, values, scope="refresh_whole")
    run_model(con, m, {**values, "windowed": True, "window_start": start, "keep_from": keep_from},
              scope="refresh_window")


# Months before a group's month that its row reads: the prior 12 months' profit (months 12-23
# back); the alive window (at most 12) and the 12-month sums lie inside it.
KUBE_LOOK_BACK = 23


def _kube_months(con: duckdb.DuckDBPyConnection, m: Model, values: dict[str, object]) -> None:
    """The group-month model over `refresh_kubes`: groups whose stored months start where their
    months start now (formation and the data's first month unchanged) are rebuilt from
    `from_month`, reading the 23 months before it; the rest whole. Same rows as a whole rebuild
    (tests/test_metrics_window.py)."""
    key, keep_from = values["params_key"], pd.Timestamp(values["from_month"]).date()
    start = _add_months(keep_from, -KUBE_LOOK_BACK) if keep_from > EARLIEST else EARLIEST
    if start <= (values["data_start"] or EARLIEST):
        con.execute("CREATE OR REPLACE TEMP TABLE refresh_kube_part AS SELECT kube_id FROM refresh_kubes")
        sql = m.delete_sql()
        con.execute(sql, bind(sql, values))
        run_model(con, m, values)
        return
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_kube_window AS
                   WITH stored AS (SELECT kube_id, min(month) AS first_month FROM mart_kube_month
                                   WHERE params_key = ? AND kube_id IN (SELECT kube_id FROM refresh_kubes)
                                   GROUP BY kube_id)
                   SELECT k.kube_id FROM kube AS k JOIN stored AS s USING (kube_id)
                   WHERE s.first_month = greatest(date_trunc('month', k.formed_on)::DATE, ?::DATE)""",
                [key, values["data_start"]])
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_kube_part AS SELECT kube_id FROM refresh_kubes
                   WHERE kube_id NOT IN (SELECT kube_id FROM refresh_kube_window)""")
    con.execute(f"DELETE FROM {m.mart} WHERE params_key = ? AND kube_id IN (SELECT kube_id FROM refresh_kube_part)", [key])
    run_model(con, m, values)
    con.execute(f"DELETE FROM {m.mart} WHERE params_key = ? AND month >= ? "
                "AND kube_id IN (SELECT kube_id FROM refresh_kube_window)", [key, keep_from])
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_kube_part AS SELECT kube_id FROM refresh_kube_window")
    run_model(con, m, {**values, "windowed": True, "window_start": start, "keep_from": keep_from})


def rebuild(con: duckdb.DuckDBPyConnection, policy: Policy, members: Iterable[int] | None,
            from_month: date | None) -> RefreshResult:
    """The body of a refresh, inside the caller's transaction."""
    key = policy.key()
    span = data_span(con)
    values = {**policy.sql_params(), **NO_FILTERS, "data_start": span[0], "data_end": span[1]}
    values["from_month"] = _scope_tables(con, None if members is None else list(members), key,
                                         from_month or EARLIEST, span)
    result = RefreshResult(key, con.execute("SELECT count(*) FROM refresh_scope").fetchall()[0][0])
    for m in models():
        started = time.perf_counter()
        if m.name == "member_month":
            _member_months(con, m, values, policy)
        elif m.name == "kube_month":
            _kube_months(con, m, values)
        else:
            sql = m.delete_sql()
            con.execute(sql, bind(sql, values))
            run_model(con, m, values)
        result.seconds[m.name] = time.perf_counter() - started
    con.execute("DELETE FROM mart_refresh WHERE params_key = ?", [key])
    con.execute("INSERT INTO mart_refresh BY NAME SELECT ? AS params_key, ? AS params_json, ? AS refreshed_at, "
                "? AS data_version, ? AS data_start, ? AS data_end",
                [key, policy.to_json(), datetime.now(), data_version(con), span[0], span[1]])
    return result


def refresh(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY,
            members: Iterable[int] | None = None, from_month: date | None = None) -> RefreshResult:
    """Rebuild the marts for `policy`: all members, or only `members` (and the groups,
    facilitators, regions and months from `from_month` they belong to). One transaction.

    `from_month` is the earliest month whose figures may change (with a moved joining or exit
    date: the earlier of the old and the new month)."""
    if members is not None and from_month is None:
        raise ValueError("an incremental refresh needs from_month: the earliest month that changed")
    con.execute("BEGIN TRANSACTION")
    try:
        result = rebuild(con, policy, members, from_month)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result


def stored_policies(con: duckdb.DuckDBPyConnection) -> list[Policy]:
    """The parameter sets whose marts are in the database."""
    return [from_json(text) for (text,) in con.execute("SELECT params_json FROM mart_refresh ORDER BY params_key").fetchall()]


def ensure_fresh(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY) -> bool:
    """Build the marts for `policy` if they are missing or older than the data. True if built."""
    rows = con.execute("SELECT data_version FROM mart_refresh WHERE params_key = ?", [policy.key()]).fetchall()
    if rows and rows[0][0] == data_version(con):
        return False
    refresh(con, policy)
    return True
