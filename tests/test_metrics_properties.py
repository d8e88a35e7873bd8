"""Invariants of the status ladder, checked on generated income histories (hypothesis)."""
from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.metrics.policy import DEFAULT_POLICY
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture, month

KEY = DEFAULT_POLICY.key()
counter = itertools.count()

# Reports: missing months, a month without income (0), ordinary amounts, and now and then an
# implausibly high one (an extra zero), so that flags and confirmations are exercised too.
amounts = st.one_of(st.none(), st.just(0), st.integers(150_000, 2_500_000), st.integers(15_000_000, 30_000_000))
histories = st.lists(amounts, min_size=3, max_size=20).filter(
    lambda xs: sum(x is not None for x in xs) >= 1 and xs[0] is not None)


def build(tmp_path_factory, members: dict[int, list[int | None]]) -> Fixture:
    fx = Fixture(tmp_path_factory.mktemp("prop") / f"p{next(counter)}.duckdb")
    for member_id, incomes in members.items():
        fx.member(member_id, {i: v for i, v in enumerate(incomes) if v is not None}, size=2, kube_id=member_id)
    return fx


def statuses_for(tmp_path_factory, members: dict[int, list[int | None]]) -> dict[int, dict]:
    fx = build(tmp_path_factory, members)
    try:
        refresh(fx.con)
        return {m: fx.statuses(m, KEY) for m in members}
    finally:
        fx.con.close()


def rows_before(fx: Fixture, end: date) -> list[tuple]:
    return fx.con.execute("SELECT * FROM mart_member_month WHERE month < ? ORDER BY member_id, month", [end]).fetchall()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(past=st.dictionaries(st.integers(1, 3), histories, min_size=1, max_size=3),
       future=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 8), amounts), max_size=12),
       incremental=st.booleans())
def test_later_months_never_change_an_earlier_month(tmp_path_factory, past, future, incremental):
    """Append reports for months after the data's latest month: every earlier row stays as it was."""
    fx = build(tmp_path_factory, past)
    try:
        refresh(fx.con)
        end = fx.con.execute("SELECT max(month) FROM member_income").fetchone()[0]
        before = rows_before(fx, month(1, end))
        offsets = {(m, k): v for m, k, v in future if m in past and v is not None}
        fx.report([(m, month(1 + k, end), v, date(2030, 1, 1), 9, None) for (m, k), v in offsets.items()])
        if incremental:
            refresh(fx.con, members=sorted({m for m, _ in offsets}), from_month=month(1, end))
        else:
            refresh(fx.con)
        assert rows_before(fx, month(1, end)) == before
    finally:
        fx.con.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(incomes=histories, factor=st.floats(1.0, 3.0))
def test_raising_every_income_never_lowers_a_status(tmp_path_factory, incomes, factor):
    incomes = [None if v is None else min(v, 2_500_000) for v in incomes]    # no flagged reports here
    raised = [None if v is None else round(v * factor) for v in incomes]
    result = statuses_for(tmp_path_factory, {1: incomes, 2: raised})
    before, after = result[1], result[2]
    assert before.keys() == after.keys()
    for month_, status in before.items():
        if status == 0:
            assert after[month_] == 0          # data sufficiency depends on reports, not amounts
        else:
            assert after[month_] >= status, (month_, status, after[month_])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=histories, other=histories, other_changed=histories)
def test_a_members_status_never_depends_on_another_members_data(tmp_path_factory, mine, other, other_changed):
    first = statuses_for(tmp_path_factory, {1: mine, 2: other})[1]
    second = statuses_for(tmp_path_factory, {1: mine, 2: other_changed})[1]
    # How far the rows run depends on the data's latest month (the "as of" date); the status in
    # every month both hold is the member's own.
    common = first.keys() & second.keys()
    assert common and all(first[m] == second[m] for m in common)
