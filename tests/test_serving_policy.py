"""Changed policy parameters: figures computed in memory for the view, equal to what a refresh
would store, built once for concurrent requests, bounded, and never written to the store."""
from __future__ import annotations

import shutil
import threading
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.scope import Scope
from analytics.config import ROOT
from analytics.metrics import queries
from analytics.metrics.policy import Policy
from analytics.metrics.refresh import refresh
from analytics.serving import policy_cache
from analytics.serving.policy_cache import NATION, PolicyCache, ScopeTooLarge
from analytics.serving.reader import Reader
from analytics.store import open_store
from tests.serving_fixtures import count, digest, store_from

STRICT = Policy(steady_max_cv=0.2, steady_window=4)


@pytest.fixture(scope="module")
def stored(tiny_demo, tmp_path_factory):
    """The figures a refresh writes for STRICT (on a copy of its own), to compare with memory."""
    path = tmp_path_factory.mktemp("strict") / "strict.duckdb"
    shutil.copy(tiny_demo, path)
    con = open_store(path)
    refresh(con, STRICT)
    yield con
    con.close()


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["region_code", "month"]).reset_index(drop=True)


def test_a_provinces_figures_in_memory_equal_those_a_refresh_stores(tiny_demo, tmp_path, stored):
    store = store_from(tiny_demo, tmp_path / "s")
    before = digest(store.link)
    entry = PolicyCache().get(Reader().current(store), STRICT, "72")
    entry.ready.wait(120)
    assert entry.error is None and entry.members > 0
    for level, args in (("kabupaten", {"parent": "72"}), ("provinsi", {"region": "72"})):
        memory = queries.region_metrics(entry.cursor(), level, policy=STRICT, **args, scope=Scope.nation())
        written = queries.region_metrics(stored, level, policy=STRICT, **args, scope=Scope.nation())
        assert len(memory) > 0
        pd.testing.assert_frame_equal(_sorted(memory), _sorted(written), check_dtype=False)
    # A province's entry has no national figures (they would be the province's alone)
    assert queries.region_metrics(entry.cursor(), "nasional", policy=STRICT, scope=Scope.nation()).empty
    assert digest(store.link) == before
    assert count(store.link, "SELECT count(*) FROM mart_region_month WHERE params_key = ?", [STRICT.key()]) == 0


def test_the_countrys_figures_in_memory_equal_those_a_refresh_stores(tiny_demo, tmp_path, stored):
    store = store_from(tiny_demo, tmp_path / "s")
    entry = PolicyCache().get(Reader().current(store), STRICT, NATION)
    entry.ready.wait(120)
    memory = queries.region_metrics(entry.cursor(), "nasional", policy=STRICT, scope=Scope.nation())
    written = queries.region_metrics(stored, "nasional", policy=STRICT, scope=Scope.nation())
    pd.testing.assert_frame_equal(_sorted(memory), _sorted(written), check_dtype=False)


def test_identical_requests_at_once_build_once(tiny_demo, tmp_path, monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    handle = Reader().current(store)
    builds = []
    real = policy_cache.build

    def counted(*args):
        builds.append(args)
        time.sleep(0.3)
        return real(*args)

    monkeypatch.setattr(policy_cache, "build", counted)
    cache = PolicyCache()
    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(handle, STRICT, "72"))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(e) for e in got}) == 1
    got[0].ready.wait(120)
    assert got[0].error is None


def test_the_cache_is_bounded_least_recently_used_first(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    handle = Reader().current(store)
    cache = PolicyCache(max_entries=2)
    policies = [Policy(steady_max_cv=v) for v in (0.2, 0.25, 0.35)]
    for policy in policies[:2]:
        cache.get(handle, policy, "72").ready.wait(120)
    cache.get(handle, policies[0], "72")                      # used again: the second is now the oldest
    cache.get(handle, policies[2], "72").ready.wait(120)
    assert {k[1] for k in cache.keys()} == {policies[0].key(), policies[2].key()}


def test_a_scope_larger_than_a_build_may_take_is_refused(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    with pytest.raises(ScopeTooLarge):
        PolicyCache(build_limit=10).get(Reader().current(store), STRICT, NATION)


def test_a_changed_policy_on_a_page_is_shown_and_nothing_is_written(tiny_demo, tmp_path, monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    before = digest(store.link)
    monkeypatch.setenv("KUBE_DB", str(store.link))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["p_cv"] = "0.05"
    at.query_params["prov"] = "72"
    at.run()
    assert not at.exception
    assert "KV ≤ 0,05" in "\n".join(c.value for c in at.caption)
    assert digest(store.link) == before and not store.versions.exists()
