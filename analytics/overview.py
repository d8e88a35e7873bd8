"""Figures for the overview page (Ringkasan)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from analytics.metrics.months import latest_complete_month
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.access.scope import Scope
from analytics.store import bind, load_sql


@dataclass(frozen=True)
class Headline:
    members: int
    groups: int
    facilitators: int
    provinces_covered: int
    provinces_total: int
    regencies_covered: int
    regencies_total: int
    latest_month: date | None            # the latest month with any income report (may be provisional)
    income_reports: int
    latest_complete_month: date | None = None   # where headline figures and trends end


def headline_counts(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *, scope: Scope) -> Headline:
    """Members, groups, coverage, the latest reported month and the latest complete month in the
    caller's scope (the nation's, or its provinces' and regencies' only, totals included)."""
    sql = load_sql("overview_counts")
    cur = con.execute(sql, bind(sql, scope.sql()))
    names = [d[0] for d in cur.description]
    return Headline(**dict(zip(names, cur.fetchall()[0])),
                    latest_complete_month=latest_complete_month(con, policy, scope=scope))
