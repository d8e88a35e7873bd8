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
