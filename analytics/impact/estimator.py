"""The imputation (two-stage) difference-in-differences estimator for staggered joining.

Stage 1: on the months before each member joined, outcome = group fixed
effect + calendar-month fixed effect. Stage 2: the treated months' residuals (outcome minus the
imputed no-programme outcome) averaged by months since joining, or by subgroup. This is
Gardner's did2s / Borusyak-Jaravel-Spiess imputation: members not yet in a group are the
controls, and effects can be estimated up to +36 months even though each member has at most
about a year of baseline (the month effects chain through overlapping cohorts).

Standard errors: Gardner's GMM variance, clustered by group, which accounts for stage 1 being
estimated. The reference implementation is pyfixest's `did2s`; the tests require ours to equal
it (estimates to 1e-5, standard errors to 1e-4 relative: pyfixest demeans iteratively). We do not call it here because at national
scale (100,000 group effects) it builds dense dummy matrices and recovers fixed effects by
iterative least squares: minutes and many GB. This module solves the same normal equations
once with a sparse LU factorisation shared by all outcomes and all stage-2 tables.
Inputs are cells (group x joining month x month, with report counts as weights): a weighted
regression on cells equals the member-level one because every regressor is constant in a cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import splu

Z95 = 1.959963984540054

OUTCOMES = ("per_capita", "pl_ratio", "above_line")


class EstimationError(ValueError):
    """The data cannot support an estimate (for example no months before joining)."""


@dataclass
class EventStudy:
    outcome: str
    events: pd.DataFrame            # event_time, estimate, se, ci_low, ci_high, reports
    overall: dict[str, float]       # estimate, se, ci_low, ci_high, reports (months 0..lags)
    by: dict[str, pd.DataFrame] = field(default_factory=dict)   # subgroup -> table
    groups: int = 0
    reports: int = 0
    baseline_mean: float = float("nan")   # mean outcome before joining (for scale)


def imputation(cells: pd.DataFrame, outcome: str, leads: int = 12, lags: int = 36,
               by: tuple[str, ...] = (), cluster: str = "kube_id") -> EventStudy:
    """Effects of joining by event time in [-leads, lags], overall and per `by` column.

    `cells` has kube_id, month, event_time, reports (weight) and `<outcome>_sum`; or, for
    member-level data, the outcome itself with reports = 1.
    """
    return imputation_many(cells, (outcome,), leads, lags, by, cluster)[outcome]


def imputation_many(cells: pd.DataFrame, outcomes: tuple[str, ...], leads: int = 12, lags: int = 36,
                    by: tuple[str, ...] = (), cluster: str = "kube_id") -> dict[str, EventStudy]:
    """Several outcomes on the same cells: the design and its factorisation are shared."""
    frame = _prepare(cells, outcomes, extra=tuple({*by, cluster} - {"kube_id"}))
    untreated = frame["event_time"] < 0
    # Only cells whose group and month both have months before joining can be imputed.
    frame = frame[frame["kube_id"].isin(frame.loc[untreated, "kube_id"])
                  & frame["month"].isin(frame.loc[untreated, "month"])].reset_index(drop=True)
    event = frame["event_time"].to_numpy()
    if frame.loc[event < 0, "kube_id"].nunique() < 2:
        raise EstimationError("no months before joining to compare with")
    treated = (event >= 0) & (event <= lags)
    if not treated.any():
        raise EstimationError("no months after joining can be compared")

    design = _Design(frame, cluster)
    window = (event >= -leads) & (event <= lags)
    categories = {"event_time": (np.where(window, event + leads, -1), np.arange(-leads, lags + 1)),
                  "all": (np.where(treated, 0, -1), np.array([0]))}
    for column in by:
        codes, labels = pd.factorize(frame[column], sort=True)
        categories[column] = (np.where(treated & (codes >= 0), codes, -1), np.asarray(labels))
    stage2 = {name: design.stage2(codes, len(labels)) for name, (codes, labels) in categories.items()}

    studies = {}
    for outcome in outcomes:
        y = frame[f"y_{outcome}"].to_numpy()
        u1, score1 = design.stage1(y)
        tables = {name: stage2[name].estimate(u1, score1, labels, name)
                  for name, (_, labels) in categories.items()}
        events = tables.pop("event_time")
        overall = tables.pop("all").drop(columns="all").iloc[0].to_dict()
        base = event < 0
        studies[outcome] = EventStudy(
            outcome=outcome,
            events=events[events["reports"] > 0].reset_index(drop=True),
            overall=overall,
            by=tables,
            groups=int(frame["kube_id"].nunique()),
            reports=int(design.w.sum()),
            baseline_mean=float(np.average(y[base], weights=design.w[base])),
        )
    return studies


def _prepare(cells: pd.DataFrame, outcomes: tuple[str, ...], extra: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame({"kube_id": cells["kube_id"].to_numpy(), "month": cells["month"].to_numpy(),
                          "event_time": cells["event_time"].to_numpy()})
    frame["w"] = cells["reports"].to_numpy(dtype=float) if "reports" in cells else 1.0
    keep = frame["w"] > 0
    for outcome in outcomes:
        if f"{outcome}_sum" in cells:
            values = cells[f"{outcome}_sum"].to_numpy(dtype=float) / frame["w"].to_numpy()
        elif outcome in cells:
            values = cells[outcome].to_numpy(dtype=float)
        else:
            raise ValueError(f"no column for outcome {outcome!r} (expected one of {OUTCOMES})")
        frame[f"y_{outcome}"] = values
        keep &= np.isfinite(values)
    for column in extra:
        frame[column] = cells[column].to_numpy()
    return frame[keep].reset_index(drop=True)


class _Design:
    """Stage-1 design: group dummies and month dummies (the first month dropped)."""

    def __init__(self, frame: pd.DataFrame, cluster: str):
        n = len(frame)
        self.w = frame["w"].to_numpy(dtype=float)
        self.untreated = (frame["event_time"] < 0).to_numpy()
        self.cluster, clusters = pd.factorize(frame[cluster])
        self.n_clusters = len(clusters)
        kube, kubes = pd.factorize(frame["kube_id"])
        month, months = pd.factorize(frame["month"], sort=True)
        cols = np.concatenate([kube, len(kubes) + month - 1])
        keep = np.concatenate([np.ones(n, bool), month > 0])
        rows = np.concatenate([np.arange(n), np.arange(n)])[keep]
        self.p = len(kubes) + len(months) - 1
        self.x1 = sparse.csr_matrix((np.ones(len(rows)), (rows, cols[keep])), shape=(n, self.p))
        self.x10w = (sparse.diags(self.untreated * self.w) @ self.x1).tocsr()   # W X10
        a = (self.x1.T @ self.x10w).tocsc()                                       # X10' W X10
        # A tiny ridge keeps disconnected group/month sets (small filters) solvable; it does
        # not move identified quantities.
        a = a + sparse.identity(self.p, format="csc") * (1e-10 * max(a.diagonal().max(), 1.0))
        self.lu = splu(a)

    def stage1(self, y: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Residuals from the fixed effects fitted on untreated cells, and per-cluster scores."""
        beta = self.lu.solve(self.x10w.T @ y)
        u1 = y - self.x1 @ beta
        return u1, _cluster_sums(self.cluster, self.x10w, u1, self.n_clusters)

    def stage2(self, category: np.ndarray, k: int) -> "_Stage2":
        used = category >= 0
        d = sparse.csr_matrix((self.w[used], (category[used], np.flatnonzero(used))), shape=(k, len(self.w)))
        b = (d @ self.x1).toarray()                                 # k x p: D'W X1
        z = self.lu.solve(b.T) if k else np.zeros((self.p, 0))      # p x k: (X10'WX10)^-1 B'
        return _Stage2(self, used, category[used], k, z)


class _Stage2:
    """Weighted means of stage-1 residuals by category, with Gardner's GMM standard errors."""

    def __init__(self, design: _Design, used: np.ndarray, category: np.ndarray, k: int, z: np.ndarray):
        self.design, self.used, self.cat, self.k, self.z = design, used, category, k, z
        self.weight = np.bincount(category, weights=design.w[used], minlength=k)

    def estimate(self, u1: np.ndarray, score1: sparse.csr_matrix, labels: np.ndarray, name: str) -> pd.DataFrame:
        w, r = self.design.w[self.used], u1[self.used]
        with np.errstate(invalid="ignore", divide="ignore"):
            est = np.bincount(self.cat, weights=w * r, minlength=self.k) / self.weight
        u2 = r - est[self.cat]
        scores = np.zeros((self.design.n_clusters, self.k))
        np.add.at(scores, (self.design.cluster[self.used], self.cat), w * u2)
        scores -= score1 @ self.z
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt((scores ** 2).sum(axis=0)) / self.weight
        return pd.DataFrame({name: labels, "estimate": est, "se": se, "ci_low": est - Z95 * se,
                             "ci_high": est + Z95 * se, "reports": self.weight})


def _cluster_sums(cluster: np.ndarray, x: sparse.csr_matrix, values: np.ndarray, n_clusters: int) -> sparse.csr_matrix:
    """Sparse (clusters x columns) sums of values * x."""
    coo = (sparse.diags(values) @ x).tocoo()
    return sparse.csr_matrix((coo.data, (cluster[coo.row], coo.col)), shape=(n_clusters, x.shape[1]))
