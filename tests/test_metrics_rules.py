"""Hand-computed cases for every rule of the status ladder (docs/metrics.md)."""
from __future__ import annotations

from datetime import date

import pytest

from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import LINE_72, LINE_NATIONAL, UMP_72, Fixture, month

INSUFFICIENT, POOR, VULNERABLE, STEADY, INDEPENDENT = range(5)
KEY = DEFAULT_POLICY.key()


@pytest.fixture
def fx(tmp_path):
    f = Fixture(tmp_path / "m.duckdb")
    yield f
    f.con.close()


def constant(ratio: float, months: int, size: int = 1, line: int = LINE_72) -> dict[int, int]:
    return {i: round(ratio * line * size) for i in range(months)}


def test_poor_needs_mean_ratio_below_one_and_two_reports(fx):
    fx.member(1, constant(0.8, 4))
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(0)] == INSUFFICIENT          # one report in the 3-month window
    assert s[month(1)] == POOR and s[month(3)] == POOR
    assert fx.row(1, month(3), KEY)["pl_ratio"] == pytest.approx(0.8)


def test_exactly_at_the_line_is_not_poor_and_becomes_steady_after_six_months(fx):
    fx.member(1, constant(1.0, 7))
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(1)] == VULNERABLE and s[month(4)] == VULNERABLE
    assert s[month(5)] == STEADY and s[month(6)] == STEADY


def test_missing_months_are_missing_not_zero(fx):
    incomes = constant(1.2, 9)
    del incomes[3]                                # a gap in month 3
    fx.member(1, incomes)
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert month(3) in s and fx.row(1, month(3), KEY)["reported"] is False
    assert s[month(3)] == VULNERABLE              # mean of the 2 reports in months 1-3 is 1.2, not dragged to 0.8
    assert s[month(8)] == VULNERABLE              # months 3-8 not all reported: not steady yet


def test_two_gaps_in_a_window_give_insufficient_data(fx):
    fx.member(1, {0: 600_000, 3: 600_000, 4: 600_000})
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(2)] == INSUFFICIENT            # months 0-2: one report
    assert s[month(4)] == VULNERABLE


@pytest.mark.parametrize("low, high, expected", [
    (700_000, 1_300_000, STEADY),                 # CV exactly 0.30
    (690_000, 1_310_000, VULNERABLE),             # CV 0.31
])
def test_cv_boundary(fx, low, high, expected):
    fx.member(1, {i: (low if i % 2 else high) for i in range(6)})
    refresh(fx.con)
    assert fx.statuses(1, KEY)[month(5)] == expected


def test_a_change_of_household_size_changes_per_capita(fx):
    fx.member(1, constant(1.0, 6, size=4), size=4, sizes={3: 5, 4: 5, 5: 5})
    refresh(fx.con)
    row = fx.row(1, month(5), KEY)
    assert row["household_size"] == 5 and row["per_capita"] == pytest.approx(400_000)
    assert fx.statuses(1, KEY)[month(5)] == POOR    # 2,000,000 / 5 = 0.8 of the line


def test_poverty_line_change_at_semester_boundary(fx):
    start = date(2020, 12, 1)                       # months: Dec, Jan, Feb (line 500k), Mar, Apr (600k)
    fx.member(1, {i: 550_000 for i in range(5)}, start=start)
    refresh(fx.con)
    assert fx.row(1, date(2021, 2, 1), KEY)["line_per_capita"] == 500_000
    assert fx.row(1, date(2021, 3, 1), KEY)["line_per_capita"] == 600_000
    s = fx.statuses(1, KEY)
    assert s[date(2021, 3, 1)] == VULNERABLE        # (1.1 + 1.1 + 0.917) / 3 = 1.04
    assert s[date(2021, 4, 1)] == POOR              # (1.1 + 0.917 + 0.917) / 3 = 0.98


def test_national_fallback_is_flagged(fx):
    fx.member(1, constant(1.0, 3, line=LINE_NATIONAL), regency="11.01", kube_id=2)
    refresh(fx.con)
    row = fx.row(1, month(2), KEY)
    assert row["line_is_fallback"] is True and row["line_per_capita"] == LINE_NATIONAL
    assert row["pl_ratio"] == pytest.approx(1.0)


def test_independence_after_twelve_steady_months_at_the_minimum_wage(fx):
    # Household of 3 at 1.5 x line: income 2,250,000 >= UMP 2,000,000.
    fx.member(1, constant(1.5, 17, size=3), size=3)
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(15)] == STEADY                   # steady in months 5..15: 11 of the last 12
    assert s[month(16)] == INDEPENDENT


def test_independence_benchmark_is_a_parameter(fx):
    # Household of 2 at 1.6 x line: income 1,600,000 < UMP, but above 1.5 x the household line.
    fx.member(1, constant(1.6, 17, size=2), size=2)
    alt = Policy(independence_benchmark="poverty_line_multiple")
    refresh(fx.con)
    refresh(fx.con, alt)
    assert fx.statuses(1, KEY)[month(16)] == STEADY
    assert fx.statuses(1, alt.key())[month(16)] == INDEPENDENT
    assert 2 * 1.6 * LINE_72 < UMP_72


def test_member_who_slips_back_is_a_reentry(fx):
    incomes = constant(1.3, 14) | {14: 350_000, 15: 350_000, 16: 350_000}
    fx.member(1, incomes)
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(13)] == STEADY and s[month(16)] == POOR
    rm = fx.con.execute("SELECT reentries_12m, not_poor_12m_ago FROM mart_region_month WHERE params_key = ? "
                        "AND level = 'nasional' AND month = ?", [KEY, month(16)]).fetchone()
    assert rm == (1, 1)


def test_poverty_exit_over_twelve_months(fx):
    fx.member(1, constant(0.7, 6) | {i: 650_000 for i in range(6, 16)})
    refresh(fx.con)
    rm = fx.con.execute("SELECT exits_12m, poor_12m_ago FROM mart_region_month WHERE params_key = ? "
                        "AND level = 'provinsi' AND region_code = '72' AND month = ?", [KEY, month(15)]).fetchone()
    assert rm == (1, 1)


def test_a_group_that_dies_stops_being_alive_and_its_members_inactive(fx):
    fx.member(1, constant(1.0, 6))
    fx.member(2, constant(1.0, 12), kube_id=2)     # keeps the data running to month 11
    refresh(fx.con)
    active = dict(fx.con.execute("SELECT month, active FROM mart_member_month WHERE member_id = 1").fetchall())
    assert active[month(5)] and active[month(7)] and month(8) not in active
    alive = dict(fx.con.execute("SELECT month, alive FROM mart_kube_month WHERE kube_id = 1").fetchall())
    assert alive[month(7)] is True and alive[month(8)] is False


def test_outlier_is_flagged_and_left_out(fx):
    incomes = constant(1.0, 6)
    incomes[2] = incomes[2] * 10
    fx.member(1, incomes)
    refresh(fx.con)
    row = fx.row(1, month(2), KEY)
    assert row["outlier"] is True and row["reported"] is False and row["pl_ratio"] is None


def test_duplicate_report_latest_wins(fx):
    fx.member(1, constant(1.0, 3))
    fx.report([(1, month(2), 100_000, date(2021, 1, 1), 2, None)])    # a later correction
    refresh(fx.con)
    assert fx.row(1, month(2), KEY)["income"] == 100_000


def test_baseline_months_are_not_counted_as_active(fx):
    fx.member(1, constant(0.8, 8), joined=month(4))
    refresh(fx.con)
    rows = dict(fx.con.execute("SELECT event_time, active FROM mart_member_month WHERE member_id = 1").fetchall())
    assert rows[-1] is False and rows[0] is True
    assert fx.con.execute("SELECT baseline_months FROM mart_member_baseline WHERE member_id = 1").fetchone()[0] == 4


def test_exited_member_has_no_months_after_exit(fx):
    fx.member(1, constant(1.0, 8))
    fx.con.execute("UPDATE members SET exited_on = ? WHERE member_id = 1", [month(5)])
    refresh(fx.con)
    months = fx.statuses(1, KEY)
    assert max(months) == month(4)
