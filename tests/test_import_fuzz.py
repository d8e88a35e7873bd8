"""Random and corrupted files: the importer never crashes, it answers with a clear message."""
from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.ingest.income import import_income
from analytics.ingest.read import ReportFileError
from tests.metric_fixtures import Fixture

counter = itertools.count()
cells = st.one_of(st.text(max_size=12), st.sampled_from(["AGT-1", "AGT-2", "2020-03", "Rp 1.500.000", "-5", "",
                                                         "Februari 2020", "31/02/2020", "1.50.0", "；", "\"", "\n"]))
rows = st.lists(st.lists(cells, min_size=0, max_size=6), max_size=8)
headers = st.lists(st.sampled_from(["anggota", "bulan", "pendapatan", "jumlah_art", "tanggal_lapor", "x", ""]),
                   min_size=0, max_size=6)


def check(fx, tmp_path, data: bytes) -> None:
    path = tmp_path / f"fuzz{next(counter)}.csv"
    path.write_bytes(data)
    before = fx.con.execute("SELECT count(*), sum(income_rupiah) FROM member_income").fetchall()
    try:
        result = import_income(fx.con, path, today=date(2026, 11, 28))
    except ReportFileError as exc:
        assert str(exc)
        assert fx.con.execute("SELECT count(*), sum(income_rupiah) FROM member_income").fetchall() == before
        return
    if not result.ok:
        assert result.rejected["reason"].str.len().min() > 0
        assert fx.con.execute("SELECT count(*), sum(income_rupiah) FROM member_income").fetchall() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, data):
    fx = _fixture(tmp_path_factory)
    check(fx, tmp_path_factory.mktemp("fz"), data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=headers, body=rows, sep=st.sampled_from([",", ";", "\t"]))
def test_corrupted_csv(tmp_path_factory, header, body, sep):
    fx = _fixture(tmp_path_factory)
    text = "\n".join(sep.join(r) for r in [header, *body])
    check(fx, tmp_path_factory.mktemp("fz"), text.encode())


_FIXTURE: dict = {}


def _fixture(factory) -> Fixture:
    if "fx" not in _FIXTURE:
        fx = Fixture(factory.mktemp("fuzzdb") / "f.duckdb")
        fx.member(1, {0: 500_000}, size=1)
        fx.member(2, {0: 800_000}, size=2, kube_id=2)
        _FIXTURE["fx"] = fx
    return _FIXTURE["fx"]


kind_cells = st.one_of(st.text(max_size=10), st.sampled_from(
    ["1", "2", "72.01", "Kab. Banggai", "Bandung", "2021-07-15", "15/07/2021", "kelapa", "daring", "Rp 1.000",
     "7201014107900003", "7201019999900003", "-1", "", "12,5", "L", "P", "Feb 2020", "2099-01"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["groups", "members", "business", "sales", "orders"]),
       body=st.lists(st.lists(kind_cells, min_size=0, max_size=11), max_size=6), sep=st.sampled_from([",", ";"]))
def test_corrupted_files_of_every_kind(tmp_path_factory, kind, body, sep):
    import os

    from analytics.ingest.engine import import_bytes
    from analytics.ingest.kinds import KINDS
    os.environ.setdefault("KUBE_NIK_KEY", "fuzz-key")
    fx = _fixture(tmp_path_factory)
    header = [c.name for c in KINDS[kind].columns]
    text = "\n".join(sep.join(r) for r in [header, *body])
    table = KINDS[kind].table
    before = fx.con.execute(f"SELECT count(*) FROM {table}").fetchall()
    try:
        result = import_bytes(fx.con, text.encode(), f"fuzz{next(counter)}.csv", kind, today=date(2026, 11, 28))
    except ReportFileError as exc:
        assert str(exc)
        return
    if not result.ok:
        assert result.rejected["reason"].str.len().min() > 0
        assert fx.con.execute(f"SELECT count(*) FROM {table}").fetchall() == before
