"""Which programme queries (`analytics.programme.QUERIES`) a caller may run, and how their rows
are kept inside the caller's scope: `within` (the scope; `programme.run` checks it itself),
`permitted` (the caller's permissions; the dashboard checks them), `inside` (the rows).

A query is run for a region inside the scope only; rows naming a region outside it are dropped
afterwards too (defence in depth). Queries that answer for the whole nation and have no region
to filter by are refused to any scope but the nation's (deny by default).
"""
from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pandas as pd

from analytics.access.roles import Permission
from analytics.access.scope import Scope

P = Permission
# Queries with a `region` parameter (None = the nation) whose rows lie inside that region.
BY_REGION = frozenset({"groups_table", "cohort_curves", "region_commodities", "sales_by_channel", "silent_groups",
                       "outlier_reports", "last_import_by_region"})
# Queries over the whole nation, with no region to filter by: for a national scope only.
NATIONAL = frozenset({"chain_flows", "demand_supply", "rejections_by_reason", "recent_imports"})
# Published reference facts (poverty lines, minimum wages): anyone allowed the page.
PUBLIC = frozenset({"reference_tables"})
# One group's members: the group must lie inside the scope.
BY_GROUP = frozenset({"group_member_trajectories"})
# One facilitator's follow-up list: the facilitator must work inside the scope.
BY_FACILITATOR = frozenset({"facilitator_followup"})
# Member-level columns of otherwise group-level answers: blanked without P.MEMBER_ROWS (the
# follow-up list still says that a member of the group slipped back, not which one).
MEMBER_COLUMNS: Mapping[str, tuple[str, ...]] = {"facilitator_followup": ("pseudonym",)}
NEEDS: Mapping[str, Permission] = {
    "group_member_trajectories": P.MEMBER_ROWS, "silent_groups": P.QUALITY, "outlier_reports": P.QUALITY,
    "rejections_by_reason": P.QUALITY, "last_import_by_region": P.QUALITY, "recent_imports": P.IMPORT,
    "reference_tables": P.REFERENCE,
}


def group_region(con: duckdb.DuckDBPyConnection, kube_id: object) -> str | None:
    """The regency a group belongs to (None when there is no such group)."""
    rows = con.execute("SELECT regency_code FROM kube WHERE kube_id = ?", [int(kube_id)]).fetchall()
    return rows[0][0] if rows else None


def facilitator_region(con: duckdb.DuckDBPyConnection, facilitator: object) -> str | None:
    """The regency a facilitator works in (None when there is no such facilitator)."""
    rows = con.execute("SELECT regency_code FROM facilitators WHERE facilitator_id = ?", [int(facilitator)]).fetchall()
    return rows[0][0] if rows else None


def chain_regencies(con: duckdb.DuckDBPyConnection) -> dict[int, frozenset[str]]:
    """The regencies each value chain's groups work in (a chain is offered where it works)."""
    found: dict[int, set[str]] = {}
    for chain, regency in con.execute("SELECT DISTINCT chain_id, regency_code FROM kube WHERE chain_id IS NOT NULL"
                                      ).fetchall():
        found.setdefault(chain, set()).add(regency)
    return {chain: frozenset(r) for chain, r in found.items()}


def allowed(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object], scope: Scope,
            permissions: frozenset[Permission]) -> bool:
    """Whether `name` may run with `params` for a caller with `scope` and `permissions`."""
    return permitted(name, permissions) and within(con, name, params, scope)


def permitted(name: str, permissions: frozenset[Permission]) -> bool:
    """Whether a caller holding `permissions` may run `name` at all."""
    if P.VIEW not in permissions and name not in PUBLIC:
        return False
    return name not in NEEDS or NEEDS[name] in permissions


def within(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object], scope: Scope) -> bool:
    """Whether `name` with `params` answers only about regions inside `scope`."""
    if name in PUBLIC:
        return True
    if name in NATIONAL:
        return scope.national
    if name in BY_REGION:
        return scope.contains(params.get("region"))
    if name in BY_GROUP:
        return params.get("kube_id") is not None and scope.contains(group_region(con, params["kube_id"]))
    if name in BY_FACILITATOR:
        return params.get("facilitator") is not None and scope.contains(facilitator_region(con, params["facilitator"]))
    return False                                    # a query nobody listed here: refused


def inside(name: str, frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The rows of a query's answer inside the scope (rows with a region code are checked)."""
    if scope.national:
        return frame
    if name in PUBLIC:       # published facts: the scope's provinces and the national lines
        keep = frame["province_code"].map(lambda p: not isinstance(p, str) or scope.touches(p))
        return frame[keep.astype(bool)]
    if any(c in frame for c in ("region_code", "regency_code", "province_code")):
        return scope.filter_frame(frame)
    return frame


def redact(name: str, frame: pd.DataFrame, permissions: frozenset[Permission]) -> pd.DataFrame:
    """The answer without its member-level columns for a caller who may not see member rows."""
    hidden = [c for c in MEMBER_COLUMNS.get(name, ()) if c in frame]
    if not hidden or P.MEMBER_ROWS in permissions:
        return frame
    return frame.assign(**{c: None for c in hidden})
