"""Formula injection (OWASP) neutralised in every CSV/XLSX the product writes; XLSX cells are
values, never formulas; templates format NIK and code columns as Text."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.export.tables import csv_bytes, xlsx_bytes
from analytics.ingest.engine import template_bytes
from analytics.ingest.kinds import KINDS
from analytics.ingest.read import read_bytes

DANGEROUS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"nama": DANGEROUS, "nilai": [-500, 1, 2, 3, 4, 5], "=kolom": ["a", "b", "c", "d", "e", "f"]})


def test_csv_cells_starting_like_formulas_get_a_quote():
    text = csv_bytes(frame()).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert back["nama"].tolist() == ["'" + v for v in DANGEROUS] and back["nilai"].tolist()[0] == -500
    assert "'=kolom" in back.columns


def test_xlsx_cells_are_typed_text_values_never_formulas():
    data = xlsx_bytes(frame(), [("=catatan", "+isi")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets
    book = load_workbook(io.BytesIO(data))
    cells = [c for row in book["Data"].iter_rows(min_row=2, max_col=1) for c in row]
    assert [c.value for c in cells] == ["'" + v for v in DANGEROUS] and all(c.data_type == "s" for c in cells)
    assert book["Data"]["B2"].value == -500 and book["Data"]["B2"].data_type == "n"
    assert book["Catatan"]["A2"].value == "'=catatan"


def test_rejection_reports_are_safe_too():
    rejected = pd.DataFrame({"row": [2], "column": ["nama"], "value": ["=cmd|' /C calc'!A0"], "reason": ["x"]})
    assert "'=cmd" in csv_bytes(rejected).decode("utf-8-sig")


@pytest.mark.parametrize("kind", ["members", "income", "groups"])
def test_templates_format_nik_and_code_columns_as_text(kind):
    book = load_workbook(io.BytesIO(template_bytes(kind, "xlsx")))
    sheet = book[kind]
    headers = [c.value for c in sheet[1]]
    for name in ("nik", "kode_kube", "wilayah"):
        if name in headers:
            column = headers.index(name) + 1
            assert all(sheet.cell(row=r, column=column).number_format == "@" for r in (2, 50, 500)), name
    assert read_bytes(template_bytes(kind, "xlsx"), "t.xlsx").columns.tolist() == [c.name for c in KINDS[kind].columns]
