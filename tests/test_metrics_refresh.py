"""Refresh: incremental equals full, parameter sets cached side by side, atomic, and queries."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from analytics.access.scope import Scope
from analytics.metrics import queries
from analytics.metrics.models import models
from analytics.metrics.outliers import confirm_report
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import ensure_fresh, refresh
from tests.metric_fixtures import Fixture, month
from tests.test_metrics_rules import HIGH_REPORT, SKIPPED_MONTH, ZERO_INCOME, GROWING_HOUSEHOLD, member_from_table

MARTS = {m.mart: ", ".join(m.grain) for m in models()}


def populate(fx: Fixture) -> None:
    fx.member(1, {i: 600_000 + 10_000 * i for i in range(14)})
    fx.member(2, {i: 300_000 for i in range(14)}, kube_id=2)
    fx.member(3, {i: 450_000 for i in range(0, 14, 2)}, kube_id=3, regency="11.01")


def rule_cases(fx: Fixture) -> None:
    """The hand-computed cases of test_metrics_rules side by side, plus a silent and a new member."""
    populate(fx)
    member_from_table(fx, 4, SKIPPED_MONTH, kube_id=4)
    member_from_table(fx, 5, HIGH_REPORT, kube_id=5)
    member_from_table(fx, 6, ZERO_INCOME, kube_id=6)
    member_from_table(fx, 7, GROWING_HOUSEHOLD, kube_id=7, size=2)
    fx.member(8, {}, kube_id=2, joined=month(3))                     # never reports
    fx.member(9, {i: 500_000 for i in range(6)}, kube_id=9)           # silent from month 6
    fx.member(11, {i: 350_000 for i in range(10)}, kube_id=9, joined=month(4))   # 4 baseline months
    fx.con.execute("INSERT INTO value_chains VALUES (1, 'Kelapa Uji', 'Kelapa', '72.01', NULL)")
    fx.con.execute("INSERT INTO value_chain_stages VALUES (1, 1, 'Petani', 'kelapa butir', 'hulu')")
    fx.con.execute("UPDATE kube SET chain_id = 1, stage_no = 1 WHERE kube_id = 1")


def snapshot(fx: Fixture) -> dict[str, list]:
    return {t: fx.con.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall() for t, order in MARTS.items()}


def _correction(fx: Fixture) -> tuple[list[int], object]:
    fx.report([(2, month(10), 900_000, date(2022, 1, 1), 2, None)])
    return [2], month(10)


def _new_latest_month(fx: Fixture) -> tuple[list[int], object]:
    fx.report([(2, month(14), 900_000, date(2022, 1, 1), 2, None)])
    return [2], month(14)


def _late_reports_of_a_silent_member(fx: Fixture) -> tuple[list[int], object]:
    fx.report([(9, month(i), 500_000, date(2022, 1, 1), 2, None) for i in (6, 7, 8)])
    return [9], month(6)


def _a_new_member(fx: Fixture) -> tuple[list[int], object]:
    fx.member(10, {12: 400_000, 13: 400_000}, kube_id=3, regency="11.01", joined=month(12))
    return [10], month(12)


def _an_exit(fx: Fixture) -> tuple[list[int], object]:
    fx.con.execute("UPDATE members SET exited_on = ? WHERE member_id = 1", [month(8)])
    return [1], month(8)


def _a_confirmation(fx: Fixture) -> tuple[list[int], object]:
    fx.con.execute("INSERT INTO confirmed_reports VALUES (5, ?, 2500000, 'uji', TIMESTAMP '2022-01-01 00:00:00')",
                   [month(4)])
    return [5], month(4)


@pytest.mark.parametrize("change", [_correction, _new_latest_month, _late_reports_of_a_silent_member,
                                    _a_new_member, _an_exit, _a_confirmation])
def test_incremental_refresh_equals_a_full_one(tmp_path, change):
    inc, full = Fixture(tmp_path / "inc.duckdb"), Fixture(tmp_path / "full.duckdb")
    for fx in (inc, full):
        rule_cases(fx)
    refresh(inc.con)
    before = snapshot(inc)
    members, start = change(inc)
    change(full)
    refresh(inc.con, members=members, from_month=start)
    refresh(full.con)
    after = snapshot(inc)
    assert after == snapshot(full)
    assert after != before                        # the change did change figures


def test_confirming_a_report_equals_a_full_refresh(tmp_path):
    inc, full = Fixture(tmp_path / "inc.duckdb"), Fixture(tmp_path / "full.duckdb")
    for fx in (inc, full):
        rule_cases(fx)
        refresh(fx.con)
        refresh(fx.con, Policy(steady_max_cv=0.2))
    confirm_report(inc.con, 5, month(4), "uji", confirmed_at=datetime(2022, 1, 1))
    full.con.execute("INSERT INTO confirmed_reports VALUES (5, ?, 2500000, 'uji', TIMESTAMP '2022-01-01 00:00:00')",
                     [month(4)])
    refresh(full.con)
    refresh(full.con, Policy(steady_max_cv=0.2))
    assert snapshot(inc) == snapshot(full)
    confirm_report(inc.con, 5, month(4), "uji")    # twice: nothing changes
    assert snapshot(inc) == snapshot(full)


def test_each_mart_grain_is_unique_and_each_model_fills_every_column_by_name(tmp_path):
    fx = Fixture(tmp_path / "g.duckdb")
    rule_cases(fx)
    refresh(fx.con)
    refresh(fx.con, Policy(steady_window=3))          # two parameter sets side by side
    for m in models():
        grain = ", ".join(m.grain)
        rows = fx.con.execute(f"SELECT count(*) FROM {m.mart}").fetchone()[0]
        duplicates = fx.con.execute(
            f"SELECT {grain}, count(*) FROM {m.mart} GROUP BY ALL HAVING count(*) > 1 LIMIT 5").fetchall()
        assert rows > 0 and duplicates == [], m.name
        mart_columns = [r[0] for r in fx.con.execute(f"DESCRIBE {m.mart}").fetchall()]
        assert set(m.grain) <= set(mart_columns), m.name
        # The model's SELECT names exactly the mart's columns, once each.
        from analytics.metrics.refresh import FULL_WINDOW, NO_FILTERS
        from analytics.store import bind
        values = {**Policy().sql_params(), **NO_FILTERS, **FULL_WINDOW, "from_month": date(1900, 1, 1), "chunk_lo": 0,
                  "chunk_hi": 0, "data_start": month(0), "data_end": month(13),
                  "month_lo": month(0), "month_hi": month(13)}
        fx.con.execute("CREATE OR REPLACE TEMP TABLE refresh_chunk AS SELECT member_id FROM members")
        sql = m.select()
        names = [d[0] for d in fx.con.execute(f"SELECT * FROM ({sql}) LIMIT 0", bind(sql, values)).description]
        assert sorted(names) == sorted(mart_columns) and len(names) == len(set(names)), m.name


def test_parameter_sets_are_kept_side_by_side_and_differ(tmp_path):
    fx = Fixture(tmp_path / "p.duckdb")
    populate(fx)
    strict = Policy(steady_max_cv=0.01)
    refresh(fx.con)
    refresh(fx.con, strict)
    normal = queries.region_metrics(fx.con, "nasional", month=month(13), scope=Scope.nation())
    tight = queries.region_metrics(fx.con, "nasional", month=month(13), policy=strict, scope=Scope.nation())
    assert normal["share_steady"].iloc[0] > tight["share_steady"].iloc[0]
    assert fx.con.execute("SELECT count(*) FROM mart_refresh").fetchone()[0] == 2


def test_ensure_fresh_builds_once_until_data_change(tmp_path):
    fx = Fixture(tmp_path / "e.duckdb")
    populate(fx)
    assert ensure_fresh(fx.con) is True
    assert ensure_fresh(fx.con) is False
    fx.report([(1, month(14), 700_000, date(2022, 1, 1), 3, None)])
    assert ensure_fresh(fx.con) is True


def test_a_failing_refresh_leaves_the_marts_as_they_were(tmp_path, monkeypatch):
    fx = Fixture(tmp_path / "a.duckdb")
    populate(fx)
    refresh(fx.con)
    before = snapshot(fx)
    from analytics.metrics import refresh as module

    def broken(con, model, values):
        if model.name == "kube_month":
            raise RuntimeError("disk full")
        return original(con, model, values)

    original = module.run_model
    monkeypatch.setattr(module, "run_model", broken)
    fx.report([(1, month(14), 700_000, date(2022, 1, 1), 3, None)])
    with pytest.raises(RuntimeError):
        refresh(fx.con)
    assert snapshot(fx) == before


def test_scope_limits_every_query_to_the_given_provinces(tmp_path):
    fx = Fixture(tmp_path / "s.duckdb")
    populate(fx)
    refresh(fx.con)
    provinces = queries.region_metrics(fx.con, "provinsi", month=month(12), scope=Scope.nation())
    assert set(provinces["region_code"]) == {"11", "72"}
    scoped = queries.region_metrics(fx.con, "provinsi", month=month(12), scope=Scope.of(["72"]))
    assert set(scoped["region_code"]) == {"72"}
    regencies = queries.map_values(fx.con, "kabupaten", month(12), scope=Scope.of(["11"]))
    assert set(regencies["region_code"]) == {"11.01"}
    ranked = queries.ranked_regions(fx.con, "kabupaten", month(12), scope=Scope.of(["72"]))
    assert ranked["region_code"].tolist() == ["72.01"]
    dist_all = queries.pl_ratio_distribution(fx.con, 2020, scope=Scope.nation())["reports"].sum()
    dist_11 = queries.pl_ratio_distribution(fx.con, 2020, region="11", scope=Scope.of(["11"]))["reports"].sum()
    assert dist_all == 12 + 12 + 6 and dist_11 == 6
    assert queries.pl_ratio_distribution(fx.con, 2020, scope=Scope.of(["11"])).empty    # the nation's: not for 11
    facilitators = queries.facilitator_table(fx.con, month(12), scope=Scope.of(["11"]))
    assert facilitators.empty            # the one facilitator sits in 72.01
    assert len(queries.facilitator_table(fx.con, month(12), scope=Scope.nation())) == 1


def test_region_figures_add_up(tmp_path):
    fx = Fixture(tmp_path / "r.duckdb")
    populate(fx)
    refresh(fx.con)
    row = queries.region_metrics(fx.con, "nasional", month=month(12), scope=Scope.nation()).iloc[0]
    shares = row[["share_poor", "share_vulnerable"]].sum() + row["share_steady"]
    assert shares == pytest.approx(1.0)                   # over reporting members
    assert row["active_members"] == row["reporting_members"] == 3
    assert row["registered_members"] == row["reporting_members"] + row["not_reporting_members"]
    trend = queries.region_trend(fx.con, "72", include_provisional=True, scope=Scope.nation())
    assert trend["month"].min() == pd.Timestamp(month(0)) and (trend["registered_members"] == 2).all()
    assert queries.latest_month(fx.con, scope=Scope.nation()) == month(13)


def test_filters_aggregate_on_the_fly_and_agree_with_the_marts(tmp_path):
    fx = Fixture(tmp_path / "f.duckdb")
    populate(fx)
    fx.con.execute("UPDATE kube SET commodity = 'kopi' WHERE kube_id = 2")
    refresh(fx.con)
    cols = ["region_code", "month", "active_members", "registered_members", "not_reporting_members",
            "members_in_silent_groups", "month_completeness", "provisional", "share_steady", "share_poor",
            "median_pl_ratio", "median_income_change", "exits_12m"]
    # A filter every member passes (all joined in 2020) gives the marts' figures at every level,
    # for one month or all, one region or the regions under a parent.
    for level, when, region, parent in [("provinsi", month(12), None, None), ("nasional", None, "00", None),
                                        ("provinsi", None, "72", None), ("kabupaten", month(12), None, "72"),
                                        ("kabupaten", None, None, None), ("nasional", month(12), None, "72")]:
        mart = queries.region_metrics(fx.con, level, month=when, region=region, parent=parent, scope=Scope.nation())
        everything = queries.region_metrics(fx.con, level, month=when, region=region, parent=parent,
                                            filters=queries.Filters(cohort=2020), scope=Scope.nation())
        assert len(mart) > 0 or parent is not None
        pd.testing.assert_frame_equal(mart[cols].reset_index(drop=True), everything[cols].reset_index(drop=True))
    coffee = queries.region_metrics(fx.con, "nasional", month=month(12), filters=queries.Filters(commodity="kopi"),
                                    scope=Scope.nation())
    assert coffee["active_members"].tolist() == [1] and coffee["share_poor"].tolist() == [1.0]
    none = queries.region_metrics(fx.con, "nasional", month=month(12), filters=queries.Filters(cohort=2019),
                                  scope=Scope.nation())
    assert none.empty
    counts = queries.map_values(fx.con, "provinsi", month(12), filters=queries.Filters(commodity="kopi"),
                                scope=Scope.nation())
    assert counts.set_index("region_code").loc["72", "groups"] == 1


def test_a_scoped_caller_does_not_see_the_national_aggregate(tmp_path):
    fx = Fixture(tmp_path / "n.duckdb")
    populate(fx)
    refresh(fx.con)
    assert len(queries.region_metrics(fx.con, "nasional", month=month(12), scope=Scope.nation())) == 1
    assert queries.region_metrics(fx.con, "nasional", month=month(12), scope=Scope.of(["72"])).empty


def test_region_figures_are_the_same_in_month_slices_of_any_size(tmp_path, monkeypatch):
    """The region model runs over slices of months (bounded memory for its medians): one month
    a slice and every month in one slice give the same rows."""
    from analytics.metrics import refresh as module
    fx = Fixture(tmp_path / "slices.duckdb")
    populate(fx)
    rows = {}
    for size in (1, 5, 1000):
        monkeypatch.setattr(module, "months_per_slice", lambda con, size=size: size)
        refresh(fx.con)
        rows[size] = fx.con.execute("SELECT * FROM mart_region_month ORDER BY ALL").fetchall()
    assert rows[1] and rows[1] == rows[5] == rows[1000]
    assert len({r[3] for r in rows[1]}) > 5           # several months, so several slices
