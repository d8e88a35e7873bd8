"""Programme-level queries for the pages (groups, members, chains, markets) and filter choices,
each for the caller's scope (a required keyword): a query is run only for a region, group or
facilitator inside it, and its rows are kept inside it (`analytics.access.guard`)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb
import pandas as pd

from analytics.access import guard
from analytics.access.scope import Scope
from analytics.metrics.months import UNKNOWN, latest_complete_month
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
            include_provisional: bool = False, *, scope: Scope) -> Choices:
    """What the sidebar filters can offer a caller: regions, value chains and facilitators inside
    the scope (the provinces it touches), every commodity and cohort; the months end at the latest
    complete month (`analytics.metrics.months`) unless `include_provisional`."""
    last = None if include_provisional else latest_complete_month(con, policy, scope=scope)
    def pairs(sql: str) -> dict:
        return dict(con.execute(sql).fetchall())

    found = Choices(
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
    return found if scope.national else _inside(con, found, scope)


def _inside(con: duckdb.DuckDBPyConnection, c: Choices, scope: Scope) -> Choices:
    regencies = {code: name for code, name in c.regencies.items() if scope.contains(code)}
    fac_regency = {f: r for f, r in c.facilitator_regency.items() if r in regencies}
    works = guard.chain_regencies(con)
    return replace(c, provinces={code: name for code, name in c.provinces.items() if scope.touches(code)},
                   regencies=regencies,
                   chains={k: n for k, n in c.chains.items() if any(scope.contains(r) for r in works.get(k, ()))},
                   facilitators={f: n for f, n in c.facilitators.items() if f in fac_regency},
                   facilitator_regency=fac_regency)


def run(con: duckdb.DuckDBPyConnection, name: str, policy: Policy = DEFAULT_POLICY,
        include_provisional: bool = False, *, scope: Scope, latest_complete: date | None | object = UNKNOWN,
        **params: object) -> pd.DataFrame:
    """Run one of `QUERIES` with bound parameters (missing filters are NULL) for a caller with
    `scope`: outside it (a region, group or facilitator it does not hold, a national query for a
    narrower scope) the answer has no rows and nothing is computed. Monthly series (`$until`) end
    at the scope's latest complete month unless `include_provisional` (`latest_complete`: that
    month when the caller holds it already)."""
    if name not in QUERIES:
        raise ValueError(f"unknown query {name!r}")
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be an analytics.access.scope.Scope, not {type(scope).__name__}")
    sql = load_sql(name)
    defaults = {"params_key": policy.key(), "region": None, "commodity": None, "chain": None,
                "facilitator": None, "cohort": None, "month": None, "until": None, "search": None,
                "alive_only": None, "page_size": None, "page_offset": None}
    if "$until" in sql and not include_provisional and "until" not in params:
        defaults["until"] = (latest_complete_month(con, policy, scope=scope) if latest_complete is UNKNOWN
                             else latest_complete)
    values = bind(sql, {**defaults, **params})
    if not guard.within(con, name, params, scope):           # the columns, no rows
        return con.execute(f"SELECT * FROM ({sql.strip().rstrip(';')}\n) LIMIT 0", values).df()
    return guard.inside(name, con.execute(sql, values).df(), scope).reset_index(drop=True)
