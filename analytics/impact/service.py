"""Impact estimates from the store: cells for the chosen filters, the estimator for each
outcome, and a cache table so a national estimate is computed once per data version."""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from analytics.impact.estimator import OUTCOMES, EstimationError, EventStudy, imputation_many
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.access.scope import Scope
from analytics.metrics.queries import NO_FILTERS, Filters, provinces_of
from analytics.metrics.refresh import data_version
from analytics.store import bind, load_sql

LEADS, LAGS = 12, 36
BY = ("province_code", "commodity", "in_chain")
# Effects per facilitator only within a province or regency: nationally there are thousands,
# each on a handful of groups, and the variance computation grows with their number.
BY_IN_REGION = BY + ("facilitator_id",)


@dataclass
class Impact:
    studies: dict[str, EventStudy]
    seconds: float
    cached: bool
    error: str | None = None


def cells(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, region: str | None = None,
          filters: Filters = NO_FILTERS, *, scope: Scope) -> pd.DataFrame:
    sql = load_sql("impact_cells")
    values = {"params_key": policy.key(), "max_lag": LAGS, "region": region, "scope": provinces_of(scope),
              **filters.values()}
    # Categoricals: at national scale (~9 M cells) object strings would cost gigabytes.
    table = con.execute(sql, bind(sql, values)).to_arrow_table()
    return table.to_pandas(strings_to_categorical=True)


def estimate(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, region: str | None = None,
             filters: Filters = NO_FILTERS, *, scope: Scope, use_cache: bool = True) -> Impact:
    """Event studies for the three outcomes of `region` (None: the nation), which must lie inside
    the caller's scope, from the cache when the data have not changed. A cached entry depends on
    the region only (its groups are the same for every caller allowed to see it), so the writer's
    estimates serve every scope."""
    if not scope.contains(region):
        return Impact({}, 0.0, cached=False, error="outside the caller's scope")
    version = data_version(con)
    key = _cache_key(policy, region, filters, version)
    if use_cache:
        rows = con.execute("SELECT payload, seconds FROM impact_cache WHERE cache_key = ?", [key]).fetchall()
        if rows:
            studies, error = _loads(rows[0][0])
            return Impact(studies, rows[0][1], cached=True, error=error)
    started = time.perf_counter()
    frame = cells(con, policy, region, filters, scope=scope)
    studies: dict[str, EventStudy] = {}
    error = None
    try:
        studies = imputation_many(frame, OUTCOMES, LEADS, LAGS, by=BY_IN_REGION if region else BY)
    except EstimationError as exc:
        studies, error = {}, str(exc)
    seconds = time.perf_counter() - started
    try:
        con.execute("INSERT OR REPLACE INTO impact_cache VALUES (?, ?, ?, ?, ?)",
                    [key, version, datetime.now(), seconds, _dumps(studies, error)])
    except duckdb.Error:
        pass  # a read-only store still answers, it only cannot remember
    return Impact(studies, seconds, cached=False, error=error)


def _cache_key(policy: Policy, region: str | None, filters: Filters, version: str) -> str:
    parts = [policy.key(), region, filters.values(), None, version,      # None: where a scope once was
             LEADS, LAGS, "imputation-v2"]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()[:24]


def _frame_json(frame: pd.DataFrame) -> dict:
    return json.loads(frame.to_json(orient="split", index=False))


def _dumps(studies: dict[str, EventStudy], error: str | None) -> str:
    return json.dumps({"error": error, "studies": {
        name: {"events": _frame_json(s.events), "overall": s.overall,
               "by": {k: _frame_json(v) for k, v in s.by.items()},
               "groups": s.groups, "reports": s.reports, "baseline_mean": s.baseline_mean}
        for name, s in studies.items()}}, default=float)


def _loads(payload: str) -> tuple[dict[str, EventStudy], str | None]:
    data = json.loads(payload)

    def frame(d: dict) -> pd.DataFrame:
        return pd.DataFrame(d["data"], columns=d["columns"]).replace({None: np.nan})

    studies = {name: EventStudy(outcome=name, events=frame(s["events"]), overall=s["overall"],
                                by={k: frame(v) for k, v in s["by"].items()}, groups=s["groups"],
                                reports=s["reports"], baseline_mean=s["baseline_mean"])
               for name, s in data["studies"].items()}
    return studies, data["error"]


def planted(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The effect the demo generator planted, by event time (synthetic data only)."""
    rows = con.execute("SELECT * FROM planted_effect ORDER BY event_time").df()
    return rows if len(rows) else None
