"""Figures for the overview page (Ringkasan)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from analytics.store import load_sql


@dataclass(frozen=True)
class Headline:
    members: int
    groups: int
    facilitators: int
    provinces_covered: int
    provinces_total: int
    regencies_covered: int
    regencies_total: int
    latest_month: date | None
    income_reports: int


def headline_counts(con: duckdb.DuckDBPyConnection) -> Headline:
    """Members, groups, coverage and the latest reported month, nationally."""
    cur = con.execute(load_sql("overview_counts"))
    names = [d[0] for d in cur.description]
    return Headline(**dict(zip(names, cur.fetchall()[0])))
