"""The latest complete month: headline figures and trends end there, later months are provisional.

A month's completeness = registered members with a report for it / members reporting (a status
other than Tidak cukup data) at the end of the month before. A month is complete when its
completeness reaches `Policy.completeness_threshold`; the latest complete month is the latest
month that is. Because the denominator is a count of members reporting over a window of
months (`poverty_months`), a partial month before barely lowers it: the next month is judged
against the members who were reporting, not against the few reports the partial month holds
(docs/metrics.md, "The latest complete month").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
import duckdb
import pandas as pd

from analytics.access.scope import Scope
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.store import bind, load_sql

# An in-memory build for a changed policy (analytics/serving/policy_cache) holds the published
# national counts here, so every view of it ends at the same month (a province's build has no
# national figures of its own).
PINNED = "pinned_month_completeness"
UNKNOWN = object()      # a latest complete month not given (None is a value: no month is complete)


def _pinned(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = "
                            "current_database()", [PINNED]).fetchall()[0][0])


@dataclass(frozen=True)
class MonthState:
    """Where the figures end: the latest complete month and the provisional months after it."""

    latest_complete: date | None
    latest: date | None                # the data's latest month
    threshold: float
    provisional: pd.DataFrame          # month, month_completeness, reported_members, expected_members


def completeness(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                 scope: Scope) -> pd.DataFrame:
    """Every month (nationally, or the caller's provinces and regencies together) with its
    completeness, whether it is complete, and whether it is provisional (after the latest
    complete month)."""
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be an analytics.access.scope.Scope, not {type(scope).__name__}")
    if scope.national and _pinned(con):
        frame = con.execute(f"SELECT * FROM {PINNED}").df()
    else:
        sql = load_sql("month_completeness")
        frame = con.execute(sql, bind(sql, {"params_key": policy.key(), **scope.sql()})).df()
    if frame.empty:
        return frame.assign(complete=pd.Series(dtype=bool), provisional=pd.Series(dtype=bool))
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    # Nothing expected (the first month of the data): complete by definition.
    frame["complete"] = (frame["expected_members"] == 0) | (frame["month_completeness"] >= policy.completeness_threshold)
    complete = frame.loc[frame["complete"], "month"]
    frame["provisional"] = frame["month"] > complete.max() if len(complete) else False
    return frame


def latest_complete_month(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                          scope: Scope) -> date | None:
    """The latest month whose reports reach the completeness threshold (None without data)."""
    return _latest(completeness(con, policy, scope=scope))


def _latest(frame: pd.DataFrame) -> date | None:
    complete = frame.loc[frame["complete"], "month"] if not frame.empty else []
    return max(complete) if len(complete) else None


def month_state(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                scope: Scope) -> MonthState:
    """The latest complete month and the provisional months after it with their completeness."""
    frame = completeness(con, policy, scope=scope)
    if frame.empty:
        return MonthState(None, None, policy.completeness_threshold, frame)
    provisional = frame.loc[frame["provisional"], ["month", "month_completeness", "reported_members",
                                                   "expected_members"]].reset_index(drop=True)
    return MonthState(_latest(frame), frame["month"].max(),
                      policy.completeness_threshold, provisional)
