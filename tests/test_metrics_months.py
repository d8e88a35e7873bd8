"""The latest complete month: figures end there, later months are provisional (docs/metrics.md)."""
from __future__ import annotations

from datetime import date

import pytest

from analytics import programme
from analytics.access.scope import Scope
from analytics.metrics import queries
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture, month, table


def ten_members(fx: Fixture, reporters: dict[int, int]) -> None:
    """Ten members reporting every month 0-11; in each month of `reporters`, only that many."""
    last = max([11, *reporters])
    for m in range(1, 11):
        fx.member(m, {i: 600_000 for i in range(last + 1) if m <= reporters.get(i, 10)}, kube_id=m)


# Month completeness = members with a report for the month / members reporting at the end of the
# month before (all 10 here: each has at least 2 reports in the 6 months before), threshold 90 %.
CASES = table("""
case                    | month 12 | month 13 | completeness 12, 13 | latest complete | provisional
the newest month short  | 10       | 7        | 1.0, 0.7            | 12              | 13
both newest months short| 7        | 6        | 0.7, 0.6            | 11              | 12, 13
exactly at 90 %         | 9        | 9        | 0.9, 0.9            | 13              | -
after a partial month   | 6        | 9        | 0.6, 0.9            | 13              | -
""")


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_the_latest_complete_month(tmp_path, case):
    fx = Fixture(tmp_path / "c.duckdb")
    ten_members(fx, {12: int(case["month 12"]), 13: int(case["month 13"])})
    refresh(fx.con)
    frame = queries.completeness_by_month(fx.con, scope=Scope.nation()).set_index("month")
    assert [frame.loc[month(i), "month_completeness"] for i in (12, 13)] == pytest.approx(
        [float(x) for x in case["completeness 12, 13"].split(",")])
    latest = month(int(case["latest complete"]))
    provisional = [] if case["provisional"] == "-" else [month(int(x)) for x in case["provisional"].split(",")]
    state = queries.month_state(fx.con, scope=Scope.nation())
    assert state.latest_complete == latest and state.latest == month(13)
    assert state.provisional["month"].tolist() == provisional
    assert queries.default_month(fx.con, scope=Scope.nation()) == latest
    # The month choices and every trend end there by default; later months only on request, marked.
    assert programme.choices(fx.con, scope=Scope.nation()).months[-1] == latest
    assert programme.choices(fx.con, include_provisional=True, scope=Scope.nation()).months[-1] == month(13)
    trend = queries.region_trend(fx.con, "72", scope=Scope.nation())
    assert trend["month"].max().date() == latest and not trend["provisional"].any()
    everything = queries.region_trend(fx.con, "72", include_provisional=True, scope=Scope.nation())
    assert everything.loc[everything["provisional"], "month"].dt.date.tolist() == provisional
    row = queries.region_metrics(fx.con, "provinsi", month=month(13), scope=Scope.nation()).iloc[0]
    assert row["provisional"] == bool(provisional)


def test_a_partial_month_before_does_not_lower_the_bar(tmp_path):
    # Month 12 has 6 of 10 reports; month 13 is judged against the 10 members still reporting at
    # the end of month 12 (their window of 6 months holds enough reports), not against the 6 reports.
    fx = Fixture(tmp_path / "p.duckdb")
    ten_members(fx, {12: 6, 13: 6})
    refresh(fx.con)
    frame = queries.completeness_by_month(fx.con, scope=Scope.nation()).set_index("month")
    assert frame.loc[month(13), "expected_members"] == 10
    assert frame.loc[month(13), "month_completeness"] == pytest.approx(0.6)
    assert queries.month_state(fx.con, scope=Scope.nation()).latest_complete == month(11)


def test_the_threshold_is_a_parameter_of_the_queries_only(tmp_path):
    fx = Fixture(tmp_path / "t.duckdb")
    ten_members(fx, {12: 8})
    refresh(fx.con)
    lenient = Policy(completeness_threshold=0.8)
    assert lenient.key() == Policy().key()            # same marts: the threshold does not change them
    assert queries.default_month(fx.con, scope=Scope.nation()) == month(11)
    assert queries.default_month(fx.con, lenient, scope=Scope.nation()) == month(12)


def test_a_scoped_caller_judges_completeness_on_its_provinces(tmp_path):
    fx = Fixture(tmp_path / "s.duckdb")
    ten_members(fx, {12: 10})
    for m in range(11, 14):                           # three members in Aceh, one silent in month 12
        fx.member(m, {i: 500_000 for i in range(13) if not (m == 11 and i == 12)}, kube_id=m, regency="11.01")
    refresh(fx.con)
    assert queries.default_month(fx.con, scope=Scope.nation()) == month(12)               # 12 of 13 nationally: 92 %
    assert queries.default_month(fx.con, scope=Scope.of(["11"])) == month(11)  # 2 of 3 in Aceh: 67 %
    assert queries.default_month(fx.con, scope=Scope.of(["72"])) == month(12)


def test_no_data_gives_no_month(tmp_path):
    fx = Fixture(tmp_path / "e.duckdb")
    refresh(fx.con)
    assert queries.default_month(fx.con, scope=Scope.nation()) is None
    assert queries.month_state(fx.con, scope=Scope.nation()).provisional.empty
    assert date(2020, 1, 1) not in programme.choices(fx.con, scope=Scope.nation()).months


def test_every_monthly_series_and_the_headline_end_at_the_latest_complete_month(tmp_path):
    from analytics.overview import headline_counts
    from analytics.status import status_report
    fx = Fixture(tmp_path / "h.duckdb")
    ten_members(fx, {12: 10, 13: 7})
    fx.con.executemany("INSERT INTO sales VALUES (1, ?, 'pasar_lokal', 'kopra', 1, 'kg', 1000, NULL, 1)",
                       [[month(i)] for i in range(14)])
    refresh(fx.con)
    sales = programme.run(fx.con, "sales_by_channel", scope=Scope.nation())
    assert sales["month"].max().date() == month(12)
    every = programme.run(fx.con, "sales_by_channel", include_provisional=True, scope=Scope.nation())
    assert every["month"].max().date() == month(13)
    head = headline_counts(fx.con, scope=Scope.nation())
    assert head.latest_month == month(13) and head.latest_complete_month == month(12)
    fx.con.close()
    report = status_report(tmp_path / "h.duckdb")
    assert "latest complete month: 2021-01 (completeness threshold 90%; provisional: 2021-02 70%)" in report
