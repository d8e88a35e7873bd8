"""The data behind a chart, a rejection report or a template as CSV or XLSX.

Every text cell the product writes is neutralised against formula injection as OWASP describes
(a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`), and XLSX
cells are written as values with their type set explicitly, never as formulas. Numbers stay
numbers (a negative amount is not text)."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

RUPIAH_FORMAT = '"Rp"#,##0'
PERCENT_FORMAT = "0.0%"
TEXT_FORMAT = "@"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_ROWS = 1000          # template rows pre-formatted as Text below the example


def neutralise(value: object) -> object:
    """A text value safe in a spreadsheet: formula-like text gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralised; numeric columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so spreadsheet programs read Indonesian names correctly; formula-safe; CRLF
    line ends (RFC 4180), so a carriage return inside a value is quoted."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _put(sheet, row: int, column: int, value: object):
    """Write one cell as a value: text typed as text (never a formula), formula-like text neutralised."""
    cell = sheet.cell(row=row, column=column)
    value = _cell(value)
    if isinstance(value, str):
        cell.value = neutralise(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def xlsx_bytes(frame: pd.DataFrame, notes: list[tuple[str, str]], rupiah: tuple[str, ...] = (),
               percent: tuple[str, ...] = (), sheet: str = "Data", text_columns: tuple[str, ...] = ()) -> bytes:
    """One data sheet (values stay numbers; Rupiah and percent as cell formats; `text_columns`
    formatted as Text, also for the rows an operator will type below) and a notes sheet."""
    book = Workbook()
    data = book.active
    data.title = sheet[:31]
    for index, column in enumerate(frame.columns, start=1):
        _put(data, 1, index, str(column)).font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            _put(data, r, c, value)
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        fmt = RUPIAH_FORMAT if column in rupiah else PERCENT_FORMAT if column in percent else None
        if column in text_columns:
            for r in range(2, max(len(frame) + 2, TEXT_ROWS + 2)):
                data.cell(row=r, column=index).number_format = TEXT_FORMAT
        elif fmt:
            for cell in data[letter][1:]:
                cell.number_format = fmt
        data.column_dimensions[letter].width = max(10, min(40, len(str(column)) + 4))
    sheet_notes = book.create_sheet("Catatan")
    _put(sheet_notes, 1, 1, "Catatan / Notes").font = Font(bold=True)
    for r, (key, value) in enumerate(notes, start=2):
        _put(sheet_notes, r, 1, key)
        _put(sheet_notes, r, 2, value)
    sheet_notes.column_dimensions["A"].width = 28
    sheet_notes.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):       # numpy scalars
        return value.item()
    return value
