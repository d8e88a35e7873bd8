"""Refresh: incremental equals full, parameter sets cached side by side, atomic, and queries."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.metrics import queries
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import ensure_fresh, refresh
from tests.metric_fixtures import Fixture, month

MARTS = {
    "mart_member_month": "member_id, month",
    "mart_region_month": "level, region_code, month",
    "mart_kube_month": "kube_id, month",
    "mart_facilitator_month": "facilitator_id, month",
    "mart_member_baseline": "member_id",
    "mart_distribution_year": "level, region_code, year, bin_start",
}


def populate(fx: Fixture) -> None:
    fx.member(1, {i: 600_000 + 10_000 * i for i in range(14)})
    fx.member(2, {i: 300_000 for i in range(14)}, kube_id=2)
    fx.member(3, {i: 450_000 for i in range(0, 14, 2)}, kube_id=3, regency="11.01")


def snapshot(fx: Fixture) -> dict[str, list]:
    return {t: fx.con.execute(f"SELECT * FROM {t} ORDER BY {order}").fetchall() for t, order in MARTS.items()}


@pytest.mark.parametrize("new_month", [10, 14])   # a correction inside the data, and a new latest month
def test_incremental_refresh_equals_a_full_one(tmp_path, new_month):
    inc, full = Fixture(tmp_path / "inc.duckdb"), Fixture(tmp_path / "full.duckdb")
    for fx in (inc, full):
        populate(fx)
    refresh(inc.con)
    rows = [(2, month(new_month), 900_000, date(2022, 1, 1), 2, None)]
    for fx in (inc, full):
        fx.report(rows)
    refresh(inc.con, members=[2], from_month=month(new_month))
    refresh(full.con)
    assert snapshot(inc) == snapshot(full)


def test_parameter_sets_are_kept_side_by_side_and_differ(tmp_path):
    fx = Fixture(tmp_path / "p.duckdb")
    populate(fx)
    strict = Policy(steady_max_cv=0.01)
    refresh(fx.con)
    refresh(fx.con, strict)
    normal = queries.region_metrics(fx.con, "nasional", month=month(13))
    tight = queries.region_metrics(fx.con, "nasional", month=month(13), policy=strict)
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

    def broken(con, name, values):
        if name == "kube_month":
            raise RuntimeError("disk full")
        return original(con, name, values)

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
    provinces = queries.region_metrics(fx.con, "provinsi", month=month(12))
    assert set(provinces["region_code"]) == {"11", "72"}
    scoped = queries.region_metrics(fx.con, "provinsi", month=month(12), scope={"72"})
    assert set(scoped["region_code"]) == {"72"}
    regencies = queries.map_values(fx.con, "kabupaten", month(12), scope={"11"})
    assert set(regencies["region_code"]) == {"11.01"}
    assert queries.ranked_regions(fx.con, "kabupaten", month(12), scope={"72"})["region_code"].tolist() == ["72.01"]
    dist_all = queries.pl_ratio_distribution(fx.con, 2020)["reports"].sum()
    dist_11 = queries.pl_ratio_distribution(fx.con, 2020, scope={"11"})["reports"].sum()
    assert dist_all == 12 + 12 + 6 and dist_11 == 6
    facilitators = queries.facilitator_table(fx.con, month(12), scope={"11"})
    assert facilitators.empty            # the one facilitator sits in 72.01
    assert len(queries.facilitator_table(fx.con, month(12))) == 1


def test_region_figures_add_up(tmp_path):
    fx = Fixture(tmp_path / "r.duckdb")
    populate(fx)
    refresh(fx.con)
    row = queries.region_metrics(fx.con, "nasional", month=month(12)).iloc[0]
    shares = row[["share_insufficient", "share_poor", "share_vulnerable"]].sum() + row["share_steady"]
    assert shares == pytest.approx(1.0)
    assert row["active_members"] == 3
    trend = queries.region_trend(fx.con, "72")
    assert trend["month"].min() == pd.Timestamp(month(0)) and (trend["active_members"] == 2).all()
    assert queries.latest_month(fx.con) == month(13)


def test_filters_aggregate_on_the_fly_and_agree_with_the_marts(tmp_path):
    fx = Fixture(tmp_path / "f.duckdb")
    populate(fx)
    fx.con.execute("UPDATE kube SET commodity = 'kopi' WHERE kube_id = 2")
    refresh(fx.con)
    cols = ["region_code", "month", "active_members", "share_steady", "share_poor", "median_pl_ratio", "exits_12m"]
    # A filter every member passes (all joined in 2020) gives the marts' figures at every level,
    # for one month or all, one region or the regions under a parent.
    for level, when, region, parent in [("provinsi", month(12), None, None), ("nasional", None, "00", None),
                                        ("provinsi", None, "72", None), ("kabupaten", month(12), None, "72"),
                                        ("kabupaten", None, None, None), ("nasional", month(12), None, "72")]:
        mart = queries.region_metrics(fx.con, level, month=when, region=region, parent=parent)
        everything = queries.region_metrics(fx.con, level, month=when, region=region, parent=parent,
                                            filters=queries.Filters(cohort=2020))
        assert len(mart) > 0 or parent is not None
        pd.testing.assert_frame_equal(mart[cols].reset_index(drop=True), everything[cols].reset_index(drop=True))
    coffee = queries.region_metrics(fx.con, "nasional", month=month(12), filters=queries.Filters(commodity="kopi"))
    assert coffee["active_members"].tolist() == [1] and coffee["share_poor"].tolist() == [1.0]
    none = queries.region_metrics(fx.con, "nasional", month=month(12), filters=queries.Filters(cohort=2019))
    assert none.empty
    counts = queries.map_values(fx.con, "provinsi", month(12), filters=queries.Filters(commodity="kopi"))
    assert counts.set_index("region_code").loc["72", "groups"] == 1


def test_a_scoped_caller_does_not_see_the_national_aggregate(tmp_path):
    fx = Fixture(tmp_path / "n.duckdb")
    populate(fx)
    refresh(fx.con)
    assert len(queries.region_metrics(fx.con, "nasional", month=month(12))) == 1
    assert queries.region_metrics(fx.con, "nasional", month=month(12), scope={"72"}).empty
