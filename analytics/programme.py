"""Programme-level queries for the pages (groups, members, chains, markets) and filter choices."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.metrics.months import latest_complete_month
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.store import bind, load_sql

QUERIES = ("groups_table", "group_member_trajectories", "cohort_curves", "region_commodities", "chain_flows",
           "sales_by_channel", "demand_supply", "reference_tables", "silent_groups", "outlier_reports",
           "rejections_by_reason", "last_import_by_region", "recent_imports", "facilitator_followup")


@dataclass(frozen=True)
class Choices:
    provinces: dict[str, str]
    regencies: dict[str, str]
    commodities: list[str]
    chains: dict[int, str]
    facilitators: dict[int, str]
    facilitator_regency: dict[int, str]
    cohorts: list[int]
    months: list


def choices(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY,
            include_provisional: bool = False) -> Choices:
    """What the sidebar filters can choose from. The months end at the latest complete month
    (`analytics.metrics.months`) unless `include_provisional`."""
    last = None if include_provisional else latest_complete_month(con, policy)
    def pairs(sql: str) -> dict:
        return dict(con.execute(sql).fetchall())

    return Choices(
        provinces=pairs("SELECT province_code, name FROM provinces ORDER BY province_code"),
        regencies=pairs("SELECT regency_code, name FROM regencies ORDER BY regency_code"),
        commodities=[r[0] for r in con.execute("SELECT DISTINCT commodity FROM kube ORDER BY 1").fetchall()],
        chains=pairs("SELECT chain_id, name FROM value_chains ORDER BY chain_id"),
        facilitators=pairs("SELECT f.facilitator_id, f.name || ' (' || r.name || ')' FROM facilitators f "
                           "JOIN regencies r USING (regency_code) ORDER BY f.facilitator_id"),
        facilitator_regency=pairs("SELECT facilitator_id, regency_code FROM facilitators"),
        cohorts=[r[0] for r in con.execute("SELECT DISTINCT year(formed_on) FROM kube ORDER BY 1").fetchall()],
        months=[r[0] for r in con.execute(
            "SELECT DISTINCT month FROM mart_region_month WHERE params_key = ? AND level = 'nasional' "
            "AND (?::DATE IS NULL OR month <= ?::DATE) ORDER BY 1", [policy.key(), last, last]).fetchall()],
    )


def run(con: duckdb.DuckDBPyConnection, name: str, policy: Policy = DEFAULT_POLICY,
        include_provisional: bool = False, **params: object) -> pd.DataFrame:
    """Run one of `QUERIES` with bound parameters (missing filters are NULL). Monthly series
    (`$until`) end at the latest complete month unless `include_provisional`."""
    if name not in QUERIES:
        raise ValueError(f"unknown query {name!r}")
    sql = load_sql(name)
    defaults = {"params_key": policy.key(), "region": None, "commodity": None, "chain": None,
                "facilitator": None, "cohort": None, "month": None, "until": None, "search": None,
                "alive_only": None, "page_size": None, "page_offset": None}
    if "$until" in sql and not include_provisional and "until" not in params:
        defaults["until"] = latest_complete_month(con, policy)
    return con.execute(sql, bind(sql, {**defaults, **params})).df()
