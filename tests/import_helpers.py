"""Helpers for the import tests: a small store, workbooks written the way Excel writes them."""
from __future__ import annotations

import io
from datetime import date
from typing import Iterable

import pytest
from openpyxl import Workbook

from analytics.ingest.engine import import_bytes
from analytics.metrics.refresh import refresh
from tests.metric_fixtures import Fixture

TODAY = date(2026, 11, 28)
NIK_A = "7201014107900003"      # Banggai, a woman born 01-07-1990
NIK_B = "7201011503850007"      # Banggai, a man born 15-03-1985


@pytest.fixture
def fx(tmp_path, monkeypatch):
    """The small store of `store`, with a NIK key, closed after the test (import it to use it)."""
    monkeypatch.setenv("KUBE_NIK_KEY", "test-key-not-secret")
    f = store(tmp_path)
    yield f
    f.con.close()


def store(tmp_path, name: str = "k.duckdb") -> Fixture:
    """Two members (AGT-1 in group 1, AGT-2 in group 2, Banggai) with a few months of income."""
    fx = Fixture(tmp_path / name)
    fx.member(1, {0: 500_000, 1: 520_000}, size=1)
    fx.member(2, {0: 800_000}, size=2, kube_id=2)
    refresh(fx.con)
    return fx


def run(fx: Fixture, kind: str, data: bytes | str, name: str = "f.csv", **options):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return import_bytes(fx.con, raw, name, kind, today=TODAY, **options)


def workbook(sheets: dict[str, Iterable[Iterable[object]]], merges: dict[str, list[str]] | None = None,
             text_columns: dict[str, str] | None = None) -> bytes:
    """An XLSX with these sheets (rows of Python values: str, int, float, datetime as Excel cells)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for cells in (merges or {}).get(title, []):
            sheet.merge_cells(cells)
        for column in (text_columns or {}).get(title, ""):
            for cell in sheet[column]:
                cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table(con, name: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall()


def reasons(result) -> dict[tuple[int, str], str]:
    return {(r.row, r.column): r.reason for r in result.rejected.itertuples()}
