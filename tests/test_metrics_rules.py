"""Hand-computed cases for every rule of the status ladder (docs/metrics.md), written as tables.

The fixture's poverty line in Sulawesi Tengah (72) is Rp500.000 per capita per month (Rp600.000
from March 2021), the UMP Rp2.000.000; a member's household has 1 person unless a size is
given, joined in month 0 (January 2020). `-` in an income cell: no report that month.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analytics.access.scope import Scope
from analytics.metrics import queries
from analytics.metrics.outliers import confirm_report
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import (LINE_72, LINE_NATIONAL, UMP_72, Fixture, expected_statuses, member_from_table,
                                   month, table)

INSUFFICIENT, POOR, VULNERABLE, STEADY, INDEPENDENT = range(5)
KEY = DEFAULT_POLICY.key()


@pytest.fixture
def fx(tmp_path):
    f = Fixture(tmp_path / "m.duckdb")
    yield f
    f.con.close()


def constant(ratio: float, months: int, size: int = 1, line: int = LINE_72) -> dict[int, int]:
    return {i: round(ratio * line * size) for i in range(months)}


def region(fx: Fixture, when: date, level: str = "nasional", code: str = "00", policy: Policy = DEFAULT_POLICY):
    frame = queries.region_metrics(fx.con, level, month=when, region=code, policy=policy, scope=Scope.nation())
    assert len(frame) == 1
    return frame.iloc[0]


# --- Miskin: the last 3 reports within the last 6 calendar months --------------------------------

SKIPPED_MONTH = table("""
month | income  | pl_ratio | last 3 reports in the last 6 months | mean  | status
0     | 750.000 | 1.5      | 1.5                                  | -     | Tidak cukup data
1     | 300.000 | 0.6      | 1.5  0.6                             | 1.05  | Rentan
2     | 500.000 | 1.0      | 1.5  0.6  1.0                        | 1.033 | Rentan
3     | 600.000 | 1.2      | 0.6  1.0  1.2                        | 0.933 | Miskin
4     | -       | -        | 0.6  1.0  1.2  (not 1.0 1.2 = 1.1)   | 0.933 | Miskin
5     | 600.000 | 1.2      | 1.0  1.2  1.2                        | 1.133 | Rentan
""")


def test_a_skipped_month_is_judged_on_the_three_reports_before(fx):
    member_from_table(fx, 1, SKIPPED_MONTH)
    refresh(fx.con)
    assert fx.statuses(1, KEY) == expected_statuses(SKIPPED_MONTH)
    row = fx.row(1, month(4), KEY)
    assert row["reported"] is False and row["poverty_reports"] == 4
    assert row["recent_pl_ratio"] == pytest.approx((0.6 + 1.0 + 1.2) / 3)


TWO_AND_ONE = table("""
month | income  | reports in the last 6 months | status
0     | 450.000 | 1  (0.9)                     | Tidak cukup data
1     | -       | 1                            | Tidak cukup data
4     | -       | 1                            | Tidak cukup data
5     | 450.000 | 2  (0.9, 0.9): exactly 2     | Miskin
6     | -       | 1  (month 0 left the window) | Tidak cukup data
""")


def test_exactly_two_reports_in_six_months_are_judged_exactly_one_is_not(fx):
    member_from_table(fx, 1, TWO_AND_ONE)
    fx.member(2, {6: 500_000}, kube_id=2)          # another group carries the data to month 6
    refresh(fx.con)
    statuses = fx.statuses(1, KEY)
    assert {m: statuses[m] for m in expected_statuses(TWO_AND_ONE)} == expected_statuses(TWO_AND_ONE)
    one_report_is_enough = Policy(poverty_min_reports=1)
    refresh(fx.con, one_report_is_enough)
    assert fx.statuses(1, one_report_is_enough.key())[month(1)] == POOR


# --- Stabil: 6 calendar months reported, each >= the line, CV of household income <= 0.30 ---------

GROWING_HOUSEHOLD = table("""
month | income    | size | per capita | pl_ratio | status
0     | 2.400.000 | 2    | 1.200.000  | 2.4      | Tidak cukup data
1     | 2.400.000 | 2    | 1.200.000  | 2.4      | Rentan
2     | 2.400.000 | 2    | 1.200.000  | 2.4      | Rentan
3     | 2.400.000 | 4    | 600.000    | 1.2      | Rentan
4     | 2.400.000 | 4    | 600.000    | 1.2      | Rentan
5     | 2.400.000 | 4    | 600.000    | 1.2      | Stabil
""")


def test_a_larger_household_with_the_same_income_is_steady_not_volatile(fx):
    # The CV is of household income (0 here); per-capita income would give 300.000 / 900.000 = 0.33.
    member_from_table(fx, 1, GROWING_HOUSEHOLD, size=2)
    refresh(fx.con)
    assert fx.statuses(1, KEY) == expected_statuses(GROWING_HOUSEHOLD)
    assert fx.row(1, month(5), KEY)["per_capita"] == pytest.approx(600_000)


@pytest.mark.parametrize("low, high, expected", [
    (700_000, 1_300_000, STEADY),                 # mean 1.000.000, SD 300.000: CV exactly 0.30
    (690_000, 1_310_000, VULNERABLE),             # SD 310.000: CV 0.31
])
def test_cv_boundary(fx, low, high, expected):
    fx.member(1, {i: (low if i % 2 else high) for i in range(6)})
    refresh(fx.con)
    assert fx.statuses(1, KEY)[month(5)] == expected


def test_exactly_at_the_line_is_not_poor_and_becomes_steady_after_six_months(fx):
    fx.member(1, constant(1.0, 7))
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(1)] == VULNERABLE and s[month(4)] == VULNERABLE
    assert s[month(5)] == STEADY and s[month(6)] == STEADY


def test_a_gap_breaks_a_steady_run(fx):
    incomes = constant(1.2, 9)
    del incomes[3]
    fx.member(1, incomes)
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert fx.row(1, month(3), KEY)["reported"] is False and s[month(3)] == VULNERABLE
    assert s[month(8)] == VULNERABLE              # months 3-8 not all reported


# --- Income 0 is a report ---------------------------------------------------------------------------

ZERO_INCOME = table("""
month | income  | pl_ratio | mean of the last 3 reports | status
0     | 600.000 | 1.2      | -                          | Tidak cukup data
1     | 600.000 | 1.2      | 1.2                        | Rentan
2     | 0       | 0.0      | 0.8                        | Miskin
3     | 600.000 | 1.2      | 0.8                        | Miskin
4     | 600.000 | 1.2      | 0.8                        | Miskin
5     | 600.000 | 1.2      | 1.2                        | Rentan
""")


def test_a_month_without_income_is_a_report_and_makes_the_window_poor(fx):
    member_from_table(fx, 1, ZERO_INCOME)
    refresh(fx.con)
    assert fx.statuses(1, KEY) == expected_statuses(ZERO_INCOME)
    zero = fx.row(1, month(2), KEY)
    assert zero["reported"] is True and zero["pl_ratio"] == 0 and zero["flagged"] is False


def test_after_zero_reports_a_positive_one_is_not_an_outlier(fx):
    # The median of the earlier reports is 0: there is no level to call 500.000 implausible against.
    fx.member(1, {0: 0, 1: 0, 2: 0, 3: 500_000})
    refresh(fx.con)
    row = fx.row(1, month(3), KEY)
    assert row["flagged"] is False and row["pl_ratio"] == pytest.approx(1.0)
    assert fx.statuses(1, KEY)[month(3)] == POOR          # (0 + 0 + 1.0) / 3


def test_an_implausibly_low_report_is_never_flagged(fx):
    fx.member(1, {0: 500_000, 1: 500_000, 2: 500_000, 3: 50_000})     # a dropped zero is still a report
    refresh(fx.con)
    assert fx.row(1, month(3), KEY)["flagged"] is False
    assert fx.row(1, month(3), KEY)["pl_ratio"] == pytest.approx(0.1)


# --- Implausibly high reports: flagged, left out, counted once confirmed ------------------------------

HIGH_REPORT = table("""
month | income    | median of the earlier reports | flagged | status (left out) | status (confirmed)
0     | 250.000   | -  (no earlier report)        | no      | Tidak cukup data  | Tidak cukup data
1     | 250.000   | 250.000  (1 report)           | no      | Miskin            | Miskin
2     | 250.000   | 250.000  (2)                  | no      | Miskin            | Miskin
3     | 250.000   | 250.000  (3)                  | no      | Miskin            | Miskin
4     | 2.500.000 | 250.000  (4): 10x > 8x        | yes     | Miskin            | Rentan
5     | 250.000   | 250.000  (5, 2.500.000 among) | no      | Miskin            | Rentan
6     | 250.000   | 250.000                       | no      | Miskin            | Rentan
7     | 250.000   | 250.000                       | no      | Miskin            | Miskin
""")
# Left out: month 4 is judged on months 1-3 (0.5); confirmed, on months 2-4: (0.5 + 0.5 + 5.0) / 3 = 2.0.


def test_a_high_report_is_flagged_left_out_and_counted_once_confirmed(fx):
    member_from_table(fx, 1, HIGH_REPORT)
    refresh(fx.con)
    flags = {m: fx.row(1, m, KEY)["flagged"] for m in fx.statuses(1, KEY)}
    assert [m for m, f in flags.items() if f] == [month(4)]
    assert fx.statuses(1, KEY) == expected_statuses(HIGH_REPORT, "status (left out)")
    row = fx.row(1, month(4), KEY)
    assert row["outlier"] is True and row["reported"] is False and row["outlier_reference"] == 250_000
    assert region(fx, month(4))["outlier_reports"] == 1
    listed = queries_outliers(fx, month(7))
    assert listed[["member_id", "income_rupiah", "member_median_rupiah", "confirmed"]].values.tolist() == [
        [1, 2_500_000, 250_000, False]]

    results = confirm_report(fx.con, 1, month(4), "operator uji")
    assert [r.members for r in results] == [1]
    assert fx.statuses(1, KEY) == expected_statuses(HIGH_REPORT, "status (confirmed)")
    row = fx.row(1, month(4), KEY)
    assert row["outlier"] is False and row["confirmed"] is True and row["pl_ratio"] == pytest.approx(5.0)
    assert region(fx, month(4))["outlier_reports"] == 0
    listed = queries_outliers(fx, month(7))
    assert listed["confirmed"].tolist() == [True] and listed["confirmed_by"].tolist() == ["operator uji"]


def test_a_corrected_report_is_judged_afresh(fx):
    member_from_table(fx, 1, HIGH_REPORT)
    refresh(fx.con)
    confirm_report(fx.con, 1, month(4), "operator uji")
    fx.report([(1, month(4), 25_000_000, date(2021, 1, 1), 2, None)])   # another amount for the month
    refresh(fx.con, members=[1], from_month=month(4))
    assert fx.row(1, month(4), KEY)["outlier"] is True


def queries_outliers(fx: Fixture, when: date):
    from analytics import programme
    return programme.run(fx.con, "outlier_reports", month=when, scope=Scope.nation())


def test_a_report_is_judged_against_the_last_twelve_earlier_reports_only(fx):
    # A lasting rise: 200.000 for 12 months, then 2.000.000. The first high months are flagged;
    # once the 12 earlier reports are mostly high, new ones are not.
    fx.member(1, {i: 200_000 for i in range(12)} | {i: 2_000_000 for i in range(12, 22)})
    refresh(fx.con)
    flagged = [i for i in range(22) if fx.row(1, month(i), KEY)["flagged"]]
    assert flagged == [12, 13, 14, 15, 16, 17]     # from month 18 the median of months 6-17 is 2.000.000


# --- Mandiri: steady 12 months and mean household income >= UMP (or 1.5 x the household line) -------

def test_independence_after_twelve_steady_months_at_the_minimum_wage(fx):
    # Household of 3 at 1.5 x line: income 2,250,000 >= UMP 2,000,000.
    fx.member(1, constant(1.5, 17, size=3), size=3)
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    assert s[month(4)] == VULNERABLE and s[month(5)] == STEADY
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


# --- Lines ----------------------------------------------------------------------------------------

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
    assert region(fx, month(2))["fallback_line_members"] == 1


# --- Every registered member has a status at every month end --------------------------------------

SILENT_MEMBER = table("""
month | income  | reports in the last 6 months | status            | group alive
5     | 600.000 | 6                            | Stabil            | yes
6     | -       | 5                            | Rentan            | yes
8     | -       | 3                            | Rentan            | no (no report in months 6-8)
9     | -       | 2                            | Rentan            | no
10    | -       | 1                            | Tidak cukup data  | no
11    | -       | 0                            | Tidak cukup data  | no
""")


def test_a_member_who_stops_reporting_keeps_a_row_every_month(fx):
    fx.member(1, constant(1.2, 6))                         # months 0-5, then silent; alone in group 1
    fx.member(2, constant(1.2, 12), kube_id=2)            # carries the data to month 11
    refresh(fx.con)
    statuses = fx.statuses(1, KEY)
    assert list(statuses) == [month(i) for i in range(12)]
    assert {m: statuses[m] for m in expected_statuses(SILENT_MEMBER)} == expected_statuses(SILENT_MEMBER)
    alive = dict(fx.con.execute("SELECT month, alive FROM mart_kube_month WHERE kube_id = 1").fetchall())
    assert [alive[month(i)] for i in (5, 6, 7, 8, 11)] == [True, True, True, False, False]
    # The silent group's member keeps its own status (Rentan in month 9) and is counted apart.
    nine, eleven = region(fx, month(9)), region(fx, month(11))
    assert (nine["registered_members"], nine["reporting_members"], nine["members_in_silent_groups"]) == (2, 2, 1)
    assert (eleven["registered_members"], eleven["reporting_members"], eleven["not_reporting_members"]) == (2, 1, 1)
    assert eleven["share_not_reporting"] == 0.5 and eleven["share_in_silent_groups"] == 0.5
    assert eleven["share_steady"] == 1.0                   # over the one reporting member
    assert eleven["active_members"] == eleven["reporting_members"]


def test_a_member_who_joined_and_never_reported_is_counted_as_not_reporting(fx):
    fx.member(1, constant(1.2, 8))
    fx.member(2, {}, joined=month(3))                      # same group, never reported
    refresh(fx.con)
    assert fx.statuses(2, KEY) == {month(i): INSUFFICIENT for i in range(3, 8)}
    assert fx.row(2, month(3), KEY)["registered"] is True
    two, seven = region(fx, month(2)), region(fx, month(7))
    assert two["registered_members"] == 1
    assert (seven["registered_members"], seven["reporting_members"], seven["not_reporting_members"]) == (2, 1, 1)
    assert seven["share_insufficient"] == 0.5 and seven["share_steady"] == 1.0


def test_an_exited_member_has_no_months_from_the_exit_month(fx):
    fx.member(1, constant(1.0, 8))
    fx.member(2, constant(1.0, 8), kube_id=2)
    fx.con.execute("UPDATE members SET exited_on = ? WHERE member_id = 1", [date(2020, 6, 15)])
    refresh(fx.con)
    assert max(fx.statuses(1, KEY)) == month(4)            # May 2020: the last month end as a member
    assert region(fx, month(4))["registered_members"] == 2
    assert region(fx, month(5))["registered_members"] == 1


def test_baseline_months_before_joining_are_not_registered(fx):
    fx.member(1, constant(0.8, 8), joined=month(4))
    refresh(fx.con)
    rows = dict(fx.con.execute("SELECT event_time, registered FROM mart_member_month WHERE member_id = 1").fetchall())
    assert min(rows) == -4 and rows[-1] is False and rows[0] is True
    assert fx.con.execute("SELECT baseline_months FROM mart_member_baseline WHERE member_id = 1").fetchone()[0] == 4
    assert queries.region_metrics(fx.con, "nasional", month=month(3), scope=Scope.nation()).empty   # nobody registered
    assert region(fx, month(4))["registered_members"] == 1


# --- Region figures over 12 months ------------------------------------------------------------------

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
    assert fx.row(1, month(15), KEY)["status_12m_ago"] == POOR
    rm = fx.con.execute("SELECT exits_12m, poor_12m_ago FROM mart_region_month WHERE params_key = ? "
                        "AND level = 'provinsi' AND region_code = '72' AND month = ?", [KEY, month(15)]).fetchone()
    assert rm == (1, 1)


def test_status_12_months_ago_is_the_status_then(fx):
    fx.member(1, {i: 200_000 + 40_000 * i for i in range(30) if i % 5})
    refresh(fx.con)
    s = fx.statuses(1, KEY)
    for m in list(s)[12:]:
        earlier = date(m.year - 1, m.month, 1)
        assert fx.row(1, m, KEY)["status_12m_ago"] == s[earlier]


def test_income_change_since_joining_is_against_the_baseline(fx):
    fx.member(1, {0: 250_000, 1: 250_000, 2: 500_000, 3: 500_000, 4: 500_000}, joined=month(2))
    refresh(fx.con)
    assert fx.row(1, month(4), KEY)["income_change"] == pytest.approx(1.0 / 0.5 - 1)
    assert region(fx, month(4))["median_income_change"] == pytest.approx(1.0)


def test_duplicate_report_latest_wins(fx):
    fx.member(1, constant(1.0, 3))
    fx.report([(1, month(2), 100_000, date(2021, 1, 1), 2, None)])    # a later correction
    refresh(fx.con)
    assert fx.row(1, month(2), KEY)["income"] == 100_000


# --- Rupiah medians (issue 17): the month's usable reports, against the line ----------------------

def test_region_medians_of_household_and_per_capita_income_against_the_line(fx):
    # Month 8 (September 2020, line Rp500.000): households of 1, 2 and 4 persons report
    # Rp600.000, Rp1.500.000 and Rp1.600.000; a fourth member's report of month 8 is an unconfirmed
    # outlier (left out), a fifth has no report that month, a sixth reports 0 (a report).
    fx.member(1, constant(1.2, 9))                                   # Rp600.000, 1 person
    fx.member(2, {i: 1_500_000 for i in range(9)}, size=2)           # Rp750.000 per capita
    fx.member(3, {i: 1_600_000 for i in range(9)}, size=4)           # Rp400.000 per capita
    fx.member(4, {**{i: 300_000 for i in range(8)}, 8: 3_000_000})   # 10x its earlier median: left out
    fx.member(5, {i: 400_000 for i in range(8)})                     # nothing for month 8
    fx.member(6, {**{i: 400_000 for i in range(8)}, 8: 0})           # no income: a report
    refresh(fx.con)
    row = region(fx, month(8))
    # household incomes 0, 600.000, 1.500.000, 1.600.000 -> median 1.050.000
    assert row["median_income"] == 1_050_000
    # per capita 0, 400.000, 600.000, 750.000 -> median 500.000; every report judged against Rp500.000
    assert row["median_per_capita"] == 500_000
    assert row["median_line_per_capita"] == LINE_72
    province = region(fx, month(8), "provinsi", "72")
    assert (province["median_income"], province["median_per_capita"]) == (1_050_000, 500_000)


def test_headline_texts_name_the_denominator_and_the_medians(fx):
    from analytics.headline import medians, shares_sentence

    fx.member(1, constant(1.2, 12))
    fx.member(2, constant(1.2, 5), kube_id=2)                        # silent from month 5
    refresh(fx.con)
    row = region(fx, month(11))
    assert shares_sentence(row, "id") == ("Pangsa status dari 1 anggota yang melapor; 1 anggota terdaftar "
                                          "tidak melapor (50,0%); 1 anggota terdaftar di kelompok yang tidak "
                                          "lagi melapor.")
    assert shares_sentence(row, "en").startswith("Status shares of 1 reporting members; 1 registered members")
    assert medians(row, "id", "Desember 2020") == ("Median Desember 2020: pendapatan rumah tangga Rp600.000/bulan "
                                                   "· per kapita Rp600.000/bulan · garis kemiskinan Rp500.000 "
                                                   "per kapita/bulan")


def test_medians_of_fewer_than_five_reports_are_not_shown_even_among_five_reporting_members(fx):
    from analytics.disclosure import suppress_regions

    for member in range(1, 6):                                       # five members report months 0-7
        fx.member(member, {i: 600_000 + member * 10_000 for i in range(8)})
    fx.member(6, {i: 900_000 for i in range(10)})                    # month 9: 2 reports only
    fx.member(7, {i: 700_000 for i in range(10)})
    refresh(fx.con)
    row = region(fx, month(9))
    assert row["reporting_members"] >= 5 and row["income_reports"] == 2
    assert row["median_income"] == 800_000                           # the mean of the two reports
    shown = suppress_regions(pd.DataFrame([row])).iloc[0]
    assert pd.isna(shown["median_income"]) and pd.isna(shown["median_per_capita"]) and pd.isna(shown["median_pl_ratio"])
    assert shown["share_steady"] == row["share_steady"]             # the shares stay (5+ reporting members)
    from analytics.headline import medians
    assert medians(shown, "id", "Oktober 2020") is None
    eight = suppress_regions(pd.DataFrame([region(fx, month(7))])).iloc[0]
    assert eight["median_income"] == 640_000                         # 7 reports: shown
