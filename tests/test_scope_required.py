"""The data layer's scope: every query function takes the caller's scope as a required keyword
(no default, no None, no bare list of codes) and answers only rows inside it, on the small
database this test session built."""
from __future__ import annotations

import inspect

import pytest

from analytics import overview, programme
from analytics.access.scope import Scope
from analytics.export import briefing
from analytics.impact import service
from analytics.metrics import months, queries
from analytics.store import connect

FUNCTIONS = [queries.region_metrics, queries.map_values, queries.region_trend, queries.ranked_regions,
             queries.pl_ratio_distribution, queries.facilitator_table, queries.latest_month, queries.default_month,
             queries.month_state, queries.completeness_by_month, months.completeness, months.latest_complete_month,
             months.month_state, programme.choices, programme.run, overview.headline_counts, service.estimate,
             service.cells, briefing.build]
SCOPES = [Scope.of("72"), Scope.of("72.01"), Scope.of(["72.01", "73.71"])]


@pytest.fixture(scope="module")
def con(tiny_demo):
    con = connect(tiny_demo, read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_query_function_requires_the_scope_as_a_keyword(fn):
    parameter = inspect.signature(fn).parameters["scope"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


def test_no_query_runs_without_a_scope_or_for_a_bare_list_of_codes(con):
    month = queries.default_month(con, scope=Scope.nation())
    with pytest.raises(TypeError, match="scope"):
        queries.region_metrics(con, "provinsi", month=month)                   # noqa: the point of the test
    for wrong in (None, ["72"], "72"):
        with pytest.raises(TypeError, match="Scope"):
            queries.region_metrics(con, "provinsi", month=month, scope=wrong)
        with pytest.raises(TypeError, match="Scope"):
            programme.run(con, "groups_table", region="72", scope=wrong)
        with pytest.raises(TypeError, match="Scope"):
            months.completeness(con, scope=wrong)


@pytest.mark.parametrize("scope", SCOPES, ids=str)
def test_every_answer_holds_only_regions_inside_the_scope(con, scope):
    month = queries.default_month(con, scope=scope)
    assert month is not None
    for level in queries.LEVELS:
        codes = queries.region_metrics(con, level, month=month, scope=scope)["region_code"]
        assert all(scope.contains(c) for c in codes), (level, sorted(set(codes)))
    for parent in ("72", "73"):
        codes = queries.map_values(con, "kabupaten", month, parent=parent, scope=scope)["region_code"]
        assert all(scope.contains(c) for c in codes)
    trend = queries.region_trend(con, "72", scope=scope)
    assert trend.empty == (not scope.contains("72"))                # a province's total needs all of it
    assert queries.region_trend(con, "00", scope=scope).empty       # never the nation
    facilitators = queries.facilitator_table(con, month, scope=scope)
    assert not facilitators.empty and all(scope.contains(c) for c in facilitators["regency_code"])
    assert queries.pl_ratio_distribution(con, month.year, region="73", scope=scope).empty == (not scope.contains("73"))
    assert not queries.pl_ratio_distribution(con, month.year, region="72.01", scope=scope).empty

    choices = programme.choices(con, scope=scope)
    assert set(choices.provinces) == set(scope.touched_provinces())
    assert choices.regencies and all(scope.contains(c) for c in choices.regencies)
    assert all(scope.contains(r) for r in choices.facilitator_regency.values())
    groups = programme.run(con, "groups_table", month=month, region="72.01", scope=scope)
    assert not groups.empty and all(scope.contains(c) for c in groups["regency_code"])
    refused = programme.run(con, "groups_table", month=month, region="11", scope=scope)
    assert refused.empty and list(refused.columns) == list(groups.columns)   # no rows, the same columns
    assert programme.run(con, "chain_flows", month=month, scope=scope).empty  # national: not for a province

    mine, nation = overview.headline_counts(con, scope=scope), overview.headline_counts(con, scope=Scope.nation())
    assert 0 < mine.members < nation.members and mine.groups < nation.groups
    assert mine.provinces_total == len(scope.touched_provinces()) < nation.provinces_total
    assert mine.regencies_total == sum(1 for c in programme.choices(con, scope=Scope.nation()).regencies
                                       if scope.contains(c))

    assert service.estimate(con, region="11", scope=scope).error == "outside the caller's scope"
    assert service.estimate(con, region=None, scope=scope).error == "outside the caller's scope"
    with pytest.raises(briefing.BriefingError, match="outside"):
        briefing.build(con, "11", scope=scope)
    brief = briefing.build(con, "72.01", scope=scope)
    assert all(scope.contains(c) for c in brief.map_values["region_code"])


def test_a_national_scope_sees_every_region_and_the_nation(con):
    nation = Scope.nation()
    month = queries.default_month(con, scope=nation)
    assert list(queries.region_metrics(con, "nasional", month=month, scope=nation)["region_code"]) == ["00"]
    assert len(programme.choices(con, scope=nation).provinces) == overview.headline_counts(con, scope=nation).provinces_total
