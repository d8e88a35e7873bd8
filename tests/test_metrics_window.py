"""A windowed refresh (only the months from the earliest changed one, reading reports from the
windows' look-back and the rest from the stored rows) gives exactly the rows a full refresh gives."""
from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.metrics.models import models
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.metrics.refresh import look_back_months, refresh
from tests.metric_fixtures import Fixture, month

counter = itertools.count()
# Mostly reported months (a member with too few recent reports is rebuilt whole, not windowed),
# a month without income (0) and now and then an implausibly high report.
amounts = st.one_of(st.none(), st.just(0), st.integers(150_000, 2_500_000), st.integers(150_000, 2_500_000),
                    st.integers(150_000, 2_500_000), st.integers(15_000_000, 30_000_000))
histories = st.lists(amounts, min_size=24, max_size=40).filter(lambda xs: any(x is not None for x in xs))


def _rounded(value):
    """Floats to 12 significant digits: a mean over the same rows stored in another order may
    differ in its last bit (a summation order), never more."""
    return float(f"{value:.12g}") if isinstance(value, float) else value


def marts(fx: Fixture) -> dict[str, list[tuple]]:
    out = {}
    for m in models():
        rows = fx.con.execute(f"SELECT * EXCLUDE (params_key) FROM {m.mart} WHERE params_key = ? "
                              f"ORDER BY ALL", [DEFAULT_POLICY.key()]).fetchall()
        out[m.name] = [tuple(_rounded(v) for v in row) for row in rows]
    return out


def assert_same_as_full(fx: Fixture, members: list[int], from_month: date, policy: Policy = DEFAULT_POLICY) -> int:
    """Refresh incrementally, then fully, and compare every mart; returns how many members the
    incremental refresh took windowed."""
    refresh(fx.con, policy, members=members, from_month=from_month)
    windowed = fx.con.execute("SELECT count(*) FROM refresh_window").fetchall()[0][0] if fx.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'refresh_window'").fetchall()[0][0] else 0
    incremental = marts(fx)
    refresh(fx.con, policy)
    full = marts(fx)
    for name in full:
        assert incremental[name] == full[name], name
    return windowed


def build(tmp_path_factory, histories: dict[int, list[int | None]], joined: dict[int, int],
          sizes: dict[int, dict[int, int]]) -> Fixture:
    fx = Fixture(tmp_path_factory.mktemp("window") / f"w{next(counter)}.duckdb")
    for member_id, incomes in histories.items():
        fx.member(member_id, {i: v for i, v in enumerate(incomes) if v is not None}, size=3, kube_id=1 + member_id % 2,
                  joined=month(joined.get(member_id, 0)), sizes=sizes.get(member_id))
    return fx


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(past=st.dictionaries(st.integers(1, 5), histories, min_size=1, max_size=5),
       joined=st.dictionaries(st.integers(1, 5), st.integers(0, 30)),
       sizes=st.dictionaries(st.integers(1, 5), st.dictionaries(st.integers(0, 39), st.integers(1, 8), max_size=3)),
       new=st.lists(st.tuples(st.integers(1, 5), st.integers(-6, 4), amounts), min_size=1, max_size=10),
       confirm=st.booleans(), exit_member=st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(10, 45))))
def test_windowed_refresh_equals_full_refresh(tmp_path_factory, past, joined, sizes, new, confirm, exit_member):
    """New reports for missing months inside the history and for months after it, members who
    joined late (baseline reports before), left, changed household size, had a high report
    confirmed: the incremental refresh equals a full one, mart by mart."""
    fx = build(tmp_path_factory, past, joined, sizes)
    try:
        if exit_member and exit_member[0] in past:
            fx.con.execute("UPDATE members SET exited_on = ? WHERE member_id = ?", [month(exit_member[1]), exit_member[0]])
        if confirm:
            fx.con.execute("""INSERT INTO confirmed_reports SELECT member_id, month, income_rupiah, 'tester', now()
                              FROM member_income WHERE income_rupiah >= 15000000 LIMIT 1""")
        refresh(fx.con)
        end = fx.con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        stored = {r[:2] for r in fx.con.execute("SELECT member_id, month FROM member_income").fetchall()}
        rows = {}
        for member_id, offset, amount in new:
            when = month(offset, end)
            if member_id in past and amount is not None and (member_id, when) not in stored:
                rows[(member_id, when)] = amount
        if not rows:
            return
        fx.report([(m, when, v, date(2030, 1, 1), 9, None) for (m, when), v in rows.items()])
        assert_same_as_full(fx, sorted({m for m, _ in rows}), min(when for _, when in rows))
    finally:
        fx.con.close()


def test_a_monthly_file_is_refreshed_windowed_and_right(tmp_path_factory):
    """The monthly case at every member: three years of history with gaps, an outlier just before
    the new month and one in it, a late joiner, a member with too few recent reports (rebuilt
    whole); the new month's file refreshes most members windowed and equals a full refresh."""
    regular = [600_000 + 10_000 * (i % 5) for i in range(36)]
    gappy = [None if i % 4 == 0 else 900_000 for i in range(36)]
    outlier_late = regular[:34] + [40_000_000, 650_000]
    sparse = [500_000 if i < 12 or i in (30, 34) else None for i in range(36)]    # few reports lately
    late = [None] * 20 + [300_000] * 16                                             # baseline from month 20
    fx = build(tmp_path_factory, {1: regular, 2: gappy, 3: outlier_late, 4: sparse, 5: late}, {5: 22}, {1: {30: 5}})
    try:
        refresh(fx.con)
        end = fx.con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        new_month = month(1, end)
        fx.report([(1, new_month, 640_000, date(2030, 1, 1), 9, None), (2, new_month, 0, date(2030, 1, 1), 9, None),
                   (3, new_month, 55_000_000, date(2030, 1, 1), 9, None), (4, new_month, 510_000, date(2030, 1, 1), 9, None),
                   (5, new_month, 310_000, date(2030, 1, 1), 9, None)])
        assert look_back_months(DEFAULT_POLICY) == 16
        windowed = assert_same_as_full(fx, [1, 2, 3, 4, 5], new_month)
        assert windowed == 4                       # the sparse member is rebuilt whole
        flagged = fx.con.execute("SELECT flagged FROM mart_member_month WHERE member_id = 3 AND month = ? "
                                 "AND params_key = ?", [new_month, DEFAULT_POLICY.key()]).fetchall()[0][0]
        assert flagged                             # judged against the reports before it, in the window
    finally:
        fx.con.close()


def test_a_changed_policy_is_refreshed_windowed_with_its_own_windows(tmp_path_factory):
    policy = Policy(steady_window=3, independent_window=6)
    assert look_back_months(policy) == 7
    fx = build(tmp_path_factory, {1: [700_000] * 30, 2: [None, 800_000] * 15}, {}, {})
    try:
        refresh(fx.con, policy)
        end = fx.con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        fx.report([(1, month(1, end), 720_000, date(2030, 1, 1), 9, None), (2, month(-1, end), 0, date(2030, 1, 1), 9, None)])
        refresh(fx.con, policy, members=[1, 2], from_month=month(-1, end))
        incremental = fx.con.execute("SELECT * FROM mart_member_month ORDER BY ALL").fetchall()
        refresh(fx.con, policy)
        assert incremental == fx.con.execute("SELECT * FROM mart_member_month ORDER BY ALL").fetchall()
    finally:
        fx.con.close()


def _business(fx: Fixture, kube_id: int, months: range, seed: int) -> None:
    """Monthly accounts with a profit that rises and falls, savings and IKS now and then, and a
    sale to an offtaker in some months: every input of the group's stage."""
    rows = [(kube_id, month(i), 5_000_000 + 100_000 * ((i * seed) % 7), 4_000_000 + 150_000 * (i % 5),
             50_000 * (i % 3 != 0), 20_000 * (i % 4 == 1), 1) for i in months]
    fx.con.executemany("INSERT INTO kube_business VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    sales = [(kube_id, month(i)) for i in months if (i * seed) % 5 == 0]
    if sales:
        fx.con.executemany("INSERT INTO sales VALUES (?, ?, 'offtaker', 'kopra', 1, 'kg', 1000, NULL, 1)", sales)


def test_group_months_are_refreshed_windowed_and_right(tmp_path_factory):
    """Groups rebuilt from the new month with the 23 months before it read (profit against the
    year before, savings, IKS, market links, members reporting) equal a whole rebuild; a group
    formed late and one whose formation moved since the marts were built are rebuilt whole."""
    fx = build(tmp_path_factory, {1: [600_000] * 36, 2: [None, 900_000] * 18, 3: [400_000] * 36, 4: [None] * 30 + [700_000] * 6},
               {}, {})
    try:
        fx.kube(3, formed=month(28))
        fx.con.execute("UPDATE members SET kube_id = 3 WHERE member_id = 4")
        for kube_id, seed in ((1, 3), (2, 5), (3, 2)):
            _business(fx, kube_id, range(0 if kube_id < 3 else 28, 36), seed)
        refresh(fx.con)
        fx.con.execute("UPDATE kube SET formed_on = ? WHERE kube_id = 2", [month(6)])    # stored months start earlier
        new_month = month(36)
        fx.report([(m, new_month, 650_000, date(2030, 1, 1), 9, None) for m in (1, 2, 3, 4)])
        _business(fx, 1, range(36, 37), 3)
        assert_same_as_full(fx, [1, 2, 3, 4], new_month)
        windowed = {r[0] for r in fx.con.execute("SELECT kube_id FROM refresh_kube_window").fetchall()}
        assert windowed == {1, 3}                 # kube 2's formation moved: rebuilt whole
        stages = {r[0] for r in fx.con.execute("SELECT DISTINCT stage FROM mart_kube_month").fetchall()}
        assert {"Berkembang", "Tumbuh"} <= stages   # the fixture exercises the stage rules
    finally:
        fx.con.close()
