"""Build the metric marts: fully, or only for the members an import touched."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

import duckdb
import pandas as pd

from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.metrics.queries import Filters
from analytics.store import bind, load_sql

MEMBER_CHUNK = 150_000
NO_FILTERS = {**Filters().values(), "scope": None}   # the marts hold every member
MODEL_ORDER = ("member_month", "member_baseline", "region_month", "distribution_year", "kube_month",
               "facilitator_month", "chain_month")


def run_model(con: duckdb.DuckDBPyConnection, name: str, values: dict[str, object]) -> None:
    sql = load_sql(f"models/{name}")
    con.execute(sql, bind(sql, values))


@dataclass
class RefreshResult:
    params_key: str
    members: int
    seconds: dict[str, float] = field(default_factory=dict)


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever reports are added or replaced (batches, audit entries, row counts)."""
    row = con.execute("""SELECT (SELECT count(*) FROM member_income), (SELECT coalesce(max(batch_id), 0) FROM import_batches),
                                (SELECT count(*) FROM audit_log), (SELECT count(*) FROM kube_business)""").fetchall()[0]
    return "-".join(str(v) for v in row)


def _scope_tables(con: duckdb.DuckDBPyConnection, members: list[int] | None, key: str) -> None:
    """Temp tables naming what a refresh rebuilds: members, groups, facilitators, provinces.

    When new reports move the data's latest month forward, members whose months reached the
    old end (their trailing months depend on it) and every group are rebuilt too.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE refresh_scope (member_id INTEGER)")
    if members is None:
        con.execute("INSERT INTO refresh_scope SELECT member_id FROM members")
    else:
        con.register("scope_frame", pd.DataFrame({"member_id": sorted(set(members))}, dtype="int32"))
        con.execute("INSERT INTO refresh_scope SELECT member_id FROM scope_frame")
        con.unregister("scope_frame")
    mart_end = con.execute("SELECT max(month) FROM mart_member_month WHERE params_key = ?", [key]).fetchall()[0][0]
    data_end = con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
    extends = members is None or mart_end is None or (data_end is not None and data_end > mart_end)
    if members is not None and extends and mart_end is not None:
        con.execute("""INSERT INTO refresh_scope SELECT DISTINCT member_id FROM mart_member_month
                       WHERE params_key = ? AND month = ? AND member_id NOT IN (SELECT member_id FROM refresh_scope)""",
                    [key, mart_end])
    if extends:
        con.execute("CREATE OR REPLACE TEMP TABLE refresh_kubes AS SELECT kube_id FROM kube")
    else:
        con.execute("""CREATE OR REPLACE TEMP TABLE refresh_kubes AS SELECT DISTINCT kube_id FROM members
                       WHERE member_id IN (SELECT member_id FROM refresh_scope)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_facilitators AS
                   SELECT DISTINCT facilitator_id FROM kube WHERE kube_id IN (SELECT kube_id FROM refresh_kubes)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE refresh_provinces AS
                   SELECT DISTINCT left(regency_code, 2) AS province_code FROM kube
                   WHERE kube_id IN (SELECT kube_id FROM refresh_kubes)""")


def _member_month_in_chunks(con: duckdb.DuckDBPyConnection, values: dict[str, object]) -> None:
    """The member-month model over slices of members: bounded memory, small window partitions."""
    ids = con.execute("SELECT member_id FROM refresh_scope ORDER BY member_id").fetchnumpy()["member_id"]
    for start in range(0, len(ids), MEMBER_CHUNK):
        lo, hi = int(ids[start]), int(ids[min(start + MEMBER_CHUNK, len(ids)) - 1])
        con.execute("CREATE OR REPLACE TEMP TABLE refresh_chunk AS "
                    "SELECT member_id FROM refresh_scope WHERE member_id BETWEEN ? AND ?", [lo, hi])
        run_model(con, "member_month", {**values, "chunk_lo": lo, "chunk_hi": hi})


def refresh(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY,
            members: Iterable[int] | None = None, from_month: date | None = None) -> RefreshResult:
    """Rebuild the marts for `policy`: all members, or only `members` (and the groups,
    facilitators, regions and months from `from_month` they belong to). One transaction."""
    values = {**policy.sql_params(), "from_month": from_month or date(1900, 1, 1), **NO_FILTERS}
    if members is not None and from_month is None:
        raise ValueError("an incremental refresh needs from_month: the earliest month that changed")
    key = policy.key()
    result = RefreshResult(key, 0)
    con.execute("BEGIN TRANSACTION")
    try:
        _scope_tables(con, None if members is None else list(members), key)
        result.members = con.execute("SELECT count(*) FROM refresh_scope").fetchall()[0][0]
        deletes = {
            "member_month": "DELETE FROM mart_member_month WHERE params_key = $k AND member_id IN (SELECT member_id FROM refresh_scope)",
            "member_baseline": "DELETE FROM mart_member_baseline WHERE params_key = $k AND member_id IN (SELECT member_id FROM refresh_scope)",
            "region_month": "DELETE FROM mart_region_month WHERE params_key = $k AND month >= $m AND (level = 'nasional' "
                            "OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces))",
            "distribution_year": "DELETE FROM mart_distribution_year WHERE params_key = $k "
                                 "AND year >= year($m::DATE) AND (level = 'nasional' "
                                 "OR left(region_code, 2) IN (SELECT province_code FROM refresh_provinces))",
            "kube_month": "DELETE FROM mart_kube_month WHERE params_key = $k AND kube_id IN (SELECT kube_id FROM refresh_kubes)",
            "facilitator_month": "DELETE FROM mart_facilitator_month WHERE params_key = $k "
                                 "AND facilitator_id IN (SELECT facilitator_id FROM refresh_facilitators)",
            "chain_month": "DELETE FROM mart_chain_month WHERE params_key = $k",
        }
        for name in MODEL_ORDER:
            started = time.perf_counter()
            sql = deletes[name]
            con.execute(sql, bind(sql, {"k": key, "m": values["from_month"]}))
            if name == "member_month":
                _member_month_in_chunks(con, values)
            else:
                run_model(con, name, values)
            result.seconds[name] = time.perf_counter() - started
        con.execute("DELETE FROM mart_refresh WHERE params_key = ?", [key])
        con.execute("INSERT INTO mart_refresh VALUES (?, ?, ?, ?)",
                    [key, policy.to_json(), datetime.now(), data_version(con)])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result


def ensure_fresh(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY) -> bool:
    """Build the marts for `policy` if they are missing or older than the data. True if built."""
    rows = con.execute("SELECT data_version FROM mart_refresh WHERE params_key = ?", [policy.key()]).fetchall()
    if rows and rows[0][0] == data_version(con):
        return False
    refresh(con, policy)
    return True
