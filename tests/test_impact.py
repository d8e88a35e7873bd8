"""Impact estimator: the published Callaway-Sant'Anna result, equality with pyfixest's did2s,
cells equal members, the planted demo effect recovered, caching and empty cases."""
from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from analytics.access.scope import Scope
from analytics.impact import service
from analytics.impact.callaway import callaway_santanna, mpdta
from analytics.impact.estimator import EstimationError, imputation
from analytics.metrics.queries import Filters
from analytics.store import open_store

# Callaway & Sant'Anna (2021), mpdta, never-treated controls, doubly robust (the published values).
PUBLISHED_ATT_2004 = [-0.0105, -0.0704, -0.1373, -0.1008]
PUBLISHED_GROUP = -0.031
PUBLISHED_DYNAMIC = -0.0772


def test_reproduces_callaway_santanna_on_mpdta():
    result = callaway_santanna(mpdta(), "lemp", "countyreal", "year", "first.treat")
    cohort = result.att_gt[result.att_gt["group"] == 2004].sort_values("time")
    assert list(cohort["time"]) == [2004, 2005, 2006, 2007]
    assert np.round(cohort["att"].to_numpy(), 4).tolist() == PUBLISHED_ATT_2004
    assert round(result.group_overall, 3) == PUBLISHED_GROUP
    assert round(result.dynamic_overall, 3) == round(PUBLISHED_DYNAMIC, 3)


def staggered_panel(seed: int = 0, effect: float = 0.2, groups: int = 50) -> pd.DataFrame:
    """Members in groups joining in staggered months, 4-9 baseline months, gaps, an effect ramp."""
    rng = np.random.default_rng(seed)
    rows = []
    for kube in range(groups):
        formed = 10 + rng.integers(0, 30)
        level = rng.normal(0, 0.2)
        for member in range(6):
            joined = formed + (rng.integers(1, 3) if rng.random() < 0.2 else 0)
            for month in range(joined - rng.integers(4, 10), 60):
                if rng.random() < 0.05:
                    continue
                e = month - joined
                y = (1 + level + 0.01 * month + 0.1 * np.sin(month)
                     + (effect * (1 - np.exp(-(e + 1) / 5)) if e >= 0 else 0) + rng.normal(0, 0.3))
                rows.append((kube, member, joined, month, e, y))
    frame = pd.DataFrame(rows, columns=["kube_id", "member", "joined", "month", "event_time", "pl_ratio"])
    frame = frame[frame["event_time"] <= 36]
    baseline_months = frame.loc[frame["event_time"] < 0, "month"].value_counts()
    return frame[frame["month"].isin(baseline_months[baseline_months >= 2].index)].reset_index(drop=True)


def test_equals_pyfixest_did2s_estimates_and_clustered_standard_errors():
    panel = staggered_panel()
    panel["treated"] = panel["event_time"] >= 0
    reference = pf.did2s(panel.copy(), yname="pl_ratio", first_stage="~ 0 | kube_id + month",
                         second_stage="~ 0 + i(event_time)", treatment="treated", cluster="kube_id").tidy()
    reference.index = [int(float(name.split("::")[1].rstrip("]"))) for name in reference.index]
    ours = imputation(panel, "pl_ratio", leads=12, lags=36).events.set_index("event_time")
    both = ours.join(reference, how="inner")
    assert len(both) >= 30
    np.testing.assert_allclose(both["estimate"], both["Estimate"], atol=1e-5)  # pyfixest demeans iteratively
    np.testing.assert_allclose(both["se"], both["Std. Error"], rtol=1e-4)


def test_cells_give_the_member_level_answer():
    panel = staggered_panel(seed=3)
    cells = (panel.groupby(["kube_id", "joined", "month", "event_time"], as_index=False)
             .agg(reports=("pl_ratio", "size"), pl_ratio_sum=("pl_ratio", "sum")))
    assert len(cells) < len(panel) / 3
    members = imputation(panel, "pl_ratio").events.set_index("event_time")
    grouped = imputation(cells, "pl_ratio").events.set_index("event_time")
    np.testing.assert_allclose(grouped["estimate"], members["estimate"], atol=1e-5)
    np.testing.assert_allclose(grouped["se"], members["se"], atol=1e-5)


@pytest.mark.parametrize("seed", range(4))
def test_no_effect_gives_an_interval_around_zero_and_an_effect_does_not(seed):
    null = imputation(staggered_panel(seed=seed, effect=0.0, groups=150), "pl_ratio").overall
    assert null["ci_low"] < 0 < null["ci_high"]
    real = imputation(staggered_panel(seed=seed, effect=0.2, groups=150), "pl_ratio").overall
    assert real["ci_low"] > 0


@pytest.fixture(scope="module")
def store(tiny_demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("impact") / "impact.duckdb"
    shutil.copy(tiny_demo, path)
    con = open_store(path)
    yield con
    con.close()


def test_recovers_the_planted_effect_on_demo_data(store):
    impact = service.estimate(store, use_cache=False, scope=Scope.nation())
    study = impact.studies["pl_ratio"]
    truth = service.planted(store).set_index("event_time")
    events = study.events.set_index("event_time").join(truth, how="inner")
    post = events[events.index >= 0]
    assert len(post) == 37
    inside = (post["effect_pl_ratio"] >= post["ci_low"]) & (post["effect_pl_ratio"] <= post["ci_high"])
    assert inside.mean() >= 0.85, post[~inside]
    # The overall truth on the same member-months as the estimate (weights: reports used).
    overall_truth = np.average(post["effect_pl_ratio"], weights=post["reports"])
    assert study.overall["ci_low"] <= overall_truth <= study.overall["ci_high"]
    pre = study.events[study.events["event_time"] < 0]
    assert (pre["ci_low"] <= 0).mean() >= 0.8 and (pre["ci_high"] >= 0).mean() >= 0.8
    # Value-chain groups got a larger planted effect; the subgroup table must show it.
    chain = study.by["in_chain"].set_index("in_chain")["estimate"]
    assert chain[True] > chain[False]
    assert set(impact.studies) == {"per_capita", "pl_ratio", "above_line"}
    assert impact.studies["per_capita"].overall["estimate"] > 0


def test_estimates_are_cached_until_the_data_change(store):
    first = service.estimate(store, region="72", scope=Scope.nation())
    second = service.estimate(store, region="72", scope=Scope.nation())
    assert second.cached and not first.cached
    pd.testing.assert_frame_equal(first.studies["pl_ratio"].events, second.studies["pl_ratio"].events,
                                  check_dtype=False)
    store.execute("INSERT INTO import_batches VALUES (999, 'income', 'x.csv', 'h', 0, now(), NULL)")
    assert not service.estimate(store, region="72", scope=Scope.nation()).cached


def test_a_filter_without_baseline_months_gives_a_message_not_a_crash(store):
    impact = service.estimate(store, filters=Filters(commodity="tidak-ada"), scope=Scope.nation())
    assert impact.studies == {} and "before joining" in impact.error
    with pytest.raises(EstimationError):
        imputation(staggered_panel().assign(event_time=5), "pl_ratio")
