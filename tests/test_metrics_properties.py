"""Invariants of the status ladder, checked on generated income histories (hypothesis)."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.metrics.policy import DEFAULT_POLICY
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture

KEY = DEFAULT_POLICY.key()
counter = itertools.count()

histories = st.lists(st.one_of(st.none(), st.integers(150_000, 2_500_000)), min_size=3, max_size=20).filter(
    lambda xs: sum(x is not None for x in xs) >= 1 and xs[0] is not None)


def statuses_for(tmp_path_factory, members: dict[int, list[int | None]]) -> dict[int, dict]:
    fx = Fixture(tmp_path_factory.mktemp("prop") / f"p{next(counter)}.duckdb")
    try:
        for member_id, incomes in members.items():
            fx.member(member_id, {i: v for i, v in enumerate(incomes) if v is not None}, size=2, kube_id=member_id)
        refresh(fx.con)
        return {m: fx.statuses(m, KEY) for m in members}
    finally:
        fx.con.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(incomes=histories, factor=st.floats(1.0, 3.0))
def test_raising_every_income_never_lowers_a_status(tmp_path_factory, incomes, factor):
    raised = [None if v is None else round(v * factor) for v in incomes]
    result = statuses_for(tmp_path_factory, {1: incomes, 2: raised})
    before, after = result[1], result[2]
    assert before.keys() == after.keys()
    for month, status in before.items():
        if status == 0:
            assert after[month] == 0          # data sufficiency depends on reports, not amounts
        else:
            assert after[month] >= status, (month, status, after[month])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=histories, other=histories, other_changed=histories)
def test_a_members_status_never_depends_on_another_members_data(tmp_path_factory, mine, other, other_changed):
    first = statuses_for(tmp_path_factory, {1: mine, 2: other})[1]
    second = statuses_for(tmp_path_factory, {1: mine, 2: other_changed})[1]
    # Which trailing silent months exist depends on the data's latest month (the "as of" date);
    # the status in every month both hold is the member's own.
    common = first.keys() & second.keys()
    assert common and all(first[m] == second[m] for m in common)
