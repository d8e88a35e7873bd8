"""Data-quality queries: silent groups, implausible reports, rejections and last imports."""
from __future__ import annotations

from datetime import date

import pytest

from analytics import programme
from analytics.access.scope import Scope
from analytics.ingest.engine import import_bytes
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture


@pytest.fixture
def fx(tmp_path):
    f = Fixture(tmp_path / "q.duckdb")
    f.member(1, {i: 500_000 for i in range(10)}, kube_id=1)                     # reports Jan-Oct 2020
    f.member(2, {i: 500_000 for i in range(5)} | {5: 9_000_000}, kube_id=2)     # stops after Jun 2020; June is 18x
    refresh(f.con)
    yield f
    f.con.close()


def test_groups_silent_for_three_months_or_more(fx):
    silent = programme.run(fx.con, "silent_groups", month=date(2020, 10, 1), scope=Scope.nation())
    assert silent["kube_id"].tolist() == [2]
    assert silent["months_silent"].tolist() == [4] and silent["last_report"].dt.date.tolist() == [date(2020, 6, 1)]
    assert programme.run(fx.con, "silent_groups", month=date(2020, 8, 1), scope=Scope.nation())["kube_id"].tolist() == []


def test_implausible_reports_are_listed_with_the_members_median(fx):
    out = programme.run(fx.con, "outlier_reports", month=date(2020, 10, 1), scope=Scope.nation())
    assert out["month"].dt.date.tolist() == [date(2020, 6, 1)]
    assert out[["pseudonym", "income_rupiah"]].values.tolist() == [["AGT-2", 9_000_000]]
    assert out["member_median_rupiah"].iloc[0] == 500_000
    assert programme.run(fx.con, "outlier_reports", month=date(2020, 10, 1), region="11", scope=Scope.nation()).empty


def test_rejections_by_reason_and_last_import_per_region(fx):
    import_bytes(fx.con, b"anggota,bulan,pendapatan\nAGT-9,2020-11,510000\nAGT-8,2020-11,-5\n", "a.csv", "income",
                 today=date(2026, 11, 28))
    import_bytes(fx.con, b"anggota,bulan,pendapatan\nAGT-1,2020-11,510000\n", "b.csv", "income", today=date(2026, 11, 28))
    reasons = programme.run(fx.con, "rejections_by_reason", scope=Scope.nation())
    assert dict(zip(reasons["reason"], reasons["rows"])) == {"anggota tidak dikenal / unknown member": 2,
                                                             "pendapatan negatif / negative income": 1}
    last = programme.run(fx.con, "last_import_by_region", scope=Scope.nation())
    assert last[["regency_code", "kind", "file_name", "rows_all_time"]].values.tolist() == [["72.01", "income", "b.csv", 1]]
