"""Read the marts. Every function takes the caller's scope (`analytics.access.scope.Scope`, a
required keyword): SQL filters by the provinces it touches, and rows of regions outside it (a
province's total for a regency scope, the nation for anyone but a national scope) are dropped."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
import duckdb
import pandas as pd

from analytics.access.scope import Scope
from analytics.metrics import months
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.store import bind, load_sql

LEVELS = ("nasional", "provinsi", "kabupaten")


@dataclass(frozen=True)
class Filters:
    """Filters beyond region: a commodity, a value chain, a facilitator, a cohort (joining year)."""

    commodity: str | None = None
    chain: int | None = None
    facilitator: int | None = None
    cohort: int | None = None

    def active(self) -> bool:
        return any(v is not None for v in (self.commodity, self.chain, self.facilitator, self.cohort))

    def values(self) -> dict[str, object]:
        return {"commodity": self.commodity, "chain": self.chain, "facilitator": self.facilitator,
                "cohort": self.cohort}


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Metric:
    key: str
    label_id: str
    label_en: str
    unit: str            # 'share' | 'members' | 'ratio' | 'change'
    higher_is_better: bool = True


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("share_steady", "Anggota berpendapatan stabil", "Members with a steady income", "share"),
    Metric("share_independent", "Anggota mandiri", "Economically independent members", "share"),
    Metric("share_poor", "Anggota miskin", "Members below the poverty line", "share", False),
    Metric("exit_rate_12m", "Keluar dari kemiskinan (12 bulan)", "Poverty exits (12 months)", "share"),
    Metric("median_pl_ratio", "Median rasio terhadap garis kemiskinan", "Median ratio to the poverty line", "ratio"),
    Metric("median_income_change", "Median perubahan pendapatan sejak bergabung", "Median income change since joining", "change"),
    Metric("completeness", "Kelengkapan laporan", "Reporting completeness", "share"),
    Metric("month_completeness", "Kelengkapan bulan (dibanding anggota melapor bulan sebelumnya)",
           "Month completeness (against members reporting the month before)", "share"),
    # `active_members` is the count of reporting members (the shares' denominator), the name pages read.
    Metric("active_members", "Anggota yang melapor", "Reporting members", "members"),
    Metric("registered_members", "Anggota terdaftar", "Registered members", "members"),
    Metric("not_reporting_members", "Anggota terdaftar tidak melapor", "Registered members not reporting", "members",
           False),
    Metric("share_not_reporting", "Anggota terdaftar tidak melapor", "Registered members not reporting", "share", False),
    Metric("members_in_silent_groups", "Anggota di kelompok yang tidak lagi melapor",
           "Members in groups no longer reporting", "members", False),
    Metric("share_in_silent_groups", "Anggota di kelompok yang tidak lagi melapor",
           "Members in groups no longer reporting", "share", False),
)}


def provinces_of(scope: Scope) -> list[str] | None:
    """The SQL's `$scope`: the provinces the caller's scope touches (None for the nation). Only a
    `Scope` is accepted, so no query runs for nobody in particular (deny by default)."""
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be an analytics.access.scope.Scope, not {type(scope).__name__}")
    return scope.touched_provinces()


def _values(policy: Policy, scope: Scope, **extra: object) -> dict[str, object]:
    return {"params_key": policy.key(), "scope": provinces_of(scope), **extra}


def _inside(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    return scope.filter_frame(frame).reset_index(drop=True)


def _query(con: duckdb.DuckDBPyConnection, name: str, values: dict[str, object]) -> pd.DataFrame:
    sql = load_sql(name)
    return con.execute(sql, bind(sql, values)).df()


def region_metrics(con: duckdb.DuckDBPyConnection, level: str, month: date | None = None,
                   region: str | None = None, parent: str | None = None,
                   policy: Policy = DEFAULT_POLICY, *, scope: Scope,
                   filters: Filters = NO_FILTERS, include_provisional: bool = False,
                   latest_complete: date | None | object = months.UNKNOWN) -> pd.DataFrame:
    """All region metrics at `level` ('nasional', 'provinsi', 'kabupaten').

    Without `month` (a trend) the months end at the latest complete month unless
    `include_provisional`; every row says whether its month is `provisional` and gives its
    `month_completeness`. Without filters they come from the region mart; with a commodity,
    value-chain, facilitator or cohort filter they are aggregated on the fly from the
    member-month mart (slower). `latest_complete`: the scope's latest complete month when the
    caller holds it already (the dashboard caches it per version; computing it is a query).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    if latest_complete is months.UNKNOWN:
        latest_complete = months.latest_complete_month(con, policy, scope=scope)
    values = _values(policy, scope, level=level, month=month, region=region, parent=parent,
                     latest_complete=latest_complete, include_provisional=include_provisional)
    if not filters.active():
        return _inside(_query(con, "region_metrics", values), scope)
    values.update(filters.values(), from_month=month or date(1900, 1, 1))
    return _inside(_query(con, "filtered_region_metrics", values), scope)


def map_values(con: duckdb.DuckDBPyConnection, level: str, month: date, parent: str | None = None,
               policy: Policy = DEFAULT_POLICY, *, scope: Scope, filters: Filters = NO_FILTERS,
               latest_complete: date | None | object = months.UNKNOWN) -> pd.DataFrame:
    """One row per region of `level` in `month` with every metric plus group counts."""
    frame = region_metrics(con, level, month=month, parent=parent, policy=policy, scope=scope, filters=filters,
                           latest_complete=latest_complete)
    groups = _query(con, "group_counts_by_region",
                    _values(policy, scope, level=level, month=month, parent=parent, **filters.values()))
    return _inside(frame.merge(groups, on="region_code", how="outer"), scope)


def region_trend(con: duckdb.DuckDBPyConnection, region: str = "00", policy: Policy = DEFAULT_POLICY, *,
                 scope: Scope, filters: Filters = NO_FILTERS, include_provisional: bool = False) -> pd.DataFrame:
    """Monthly metrics of one region (the nation '00', a province '72' or a regency '72.01'),
    to the latest complete month (or on through the provisional months)."""
    return region_metrics(con, level_of(region), region=region, policy=policy, scope=scope, filters=filters,
                          include_provisional=include_provisional)


def level_of(region: str) -> str:
    return "nasional" if region == "00" else "provinsi" if len(region) == 2 else "kabupaten"


def ranked_regions(con: duckdb.DuckDBPyConnection, level: str, month: date, metric: str = "share_steady",
                   policy: Policy = DEFAULT_POLICY, *, scope: Scope, min_members: int = 1,
                   filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Regions of `level` ordered best first by `metric` (at least `min_members` reporting members)."""
    frame = region_metrics(con, level, month=month, policy=policy, scope=scope, filters=filters)
    frame = frame[frame["active_members"] >= min_members].dropna(subset=[metric])
    return frame.sort_values(metric, ascending=not METRICS[metric].higher_is_better).reset_index(drop=True)


def pl_ratio_distribution(con: duckdb.DuckDBPyConnection, year: int, region: str | None = None,
                          policy: Policy = DEFAULT_POLICY, *, scope: Scope) -> pd.DataFrame:
    """Counts of registered members' monthly reports by pl_ratio bin of 0.1 in `year` (last bin: 4.0+),
    of one region inside the scope (no rows for a region outside it)."""
    frame = _query(con, "pl_ratio_distribution",
                   _values(policy, scope, year=year, region=None if region in (None, "00") else region))
    return frame if scope.contains(region or "00") else frame.iloc[0:0]


def facilitator_table(con: duckdb.DuckDBPyConnection, month: date, policy: Policy = DEFAULT_POLICY, *,
                      scope: Scope, region: str | None = None,
                      facilitator: int | None = None) -> pd.DataFrame:
    """Facilitators in `month` (working in `region`, or just `facilitator`), weakest progress first."""
    return _inside(_query(con, "facilitator_table", _values(policy, scope, month=month,
                                                            region=None if region in (None, "00") else region,
                                                            facilitator=facilitator)), scope)


def latest_month(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *, scope: Scope) -> date | None:
    """The data's latest month, nationally or in the scope's provinces (it may be provisional:
    see `default_month`)."""
    provinces = provinces_of(scope)
    return con.execute("SELECT max(month) FROM mart_region_month WHERE params_key = ? AND CASE "
                       "WHEN ?::VARCHAR[] IS NULL THEN level = 'nasional' "
                       "ELSE level = 'provinsi' AND list_contains(?::VARCHAR[], region_code) END",
                       [policy.key(), provinces, provinces]).fetchall()[0][0]


def default_month(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                  scope: Scope) -> date | None:
    """The month pages open on: the latest complete month (`analytics.metrics.months`)."""
    return months.latest_complete_month(con, policy, scope=scope)


def month_state(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                scope: Scope) -> months.MonthState:
    """The latest complete month and the provisional months after it, with their completeness."""
    return months.month_state(con, policy, scope=scope)


def completeness_by_month(con: duckdb.DuckDBPyConnection, policy: Policy = DEFAULT_POLICY, *,
                          scope: Scope) -> pd.DataFrame:
    """Every month with its completeness, whether it is complete and whether it is provisional."""
    return months.completeness(con, policy, scope=scope)
