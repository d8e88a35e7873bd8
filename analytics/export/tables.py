"""The data behind a chart as CSV or XLSX (Rupiah-formatted cells, a notes sheet)."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

RUPIAH_FORMAT = '"Rp"#,##0'
PERCENT_FORMAT = "0.0%"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so spreadsheet programs read Indonesian names correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, notes: list[tuple[str, str]], rupiah: tuple[str, ...] = (),
               percent: tuple[str, ...] = (), sheet: str = "Data") -> bytes:
    """One data sheet (values stay numbers; Rupiah and percent as cell formats) and a notes sheet."""
    book = Workbook()
    data = book.active
    data.title = sheet[:31]
    data.append([str(c) for c in frame.columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        data.append([_cell(v) for v in row])
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        fmt = RUPIAH_FORMAT if column in rupiah else PERCENT_FORMAT if column in percent else None
        if fmt:
            for cell in data[letter][1:]:
                cell.number_format = fmt
        data.column_dimensions[letter].width = max(10, min(40, len(str(column)) + 4))
    sheet_notes = book.create_sheet("Catatan")
    sheet_notes.append(["Catatan / Notes", ""])
    sheet_notes["A1"].font = Font(bold=True)
    for key, value in notes:
        sheet_notes.append([key, value])
    sheet_notes.column_dimensions["A"].width = 28
    sheet_notes.column_dimensions["B"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):       # numpy scalars
        return value.item()
    return value
