"""Reading an operator's file into a grid of cells, as a spreadsheet shows it.

Text: CSV, semicolon CSV, tab-separated and Excel's "Unicode text" (UTF-16), a `sep=;` first
line; UTF-8 (with or without BOM), else Windows-1252 (curly quotes, dashes), else Latin-1.
Workbooks: XLSX, XLS and ODS through calamine, every sheet; numeric cells keep their number
(a NIK typed as a number is detected from it), date cells become ISO dates, vertically merged
cells are filled with the value the person sees. Limits are checked before anything is parsed.
Where the header is, and which rows are data, is decided in `analytics.ingest.layout`.
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from analytics.ingest.privacy import scrub
from analytics.ingest.settings import DEFAULT_SETTINGS, ImportSettings

DELIMITERS = (",", ";", "\t", "|")
PREFIX_LINES = 60
DELIMITER_NAMES = {",": "koma / comma", ";": "titik koma / semicolon", "\t": "tab", "|": "garis tegak / pipe"}


class ReportFileError(ValueError):
    """A file that cannot be read or is refused as a whole; the message says why (never a clear NIK)."""

    def __init__(self, message: str):
        super().__init__(scrub(message))


@dataclass
class Grid:
    """One sheet (or a text file) as cells: text everywhere, the number behind each numeric cell."""

    cells: pd.DataFrame                              # columns 0..n-1, index = row numbers (1-based), str
    numbers: dict[int, pd.Series] = field(default_factory=dict)   # column -> float (NaN: not a number cell)
    file_type: str = "csv"                           # csv | xlsx | xls | ods
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    notices: list[str] = field(default_factory=list)


# --- limits ------------------------------------------------------------------------------

def check_size(data: bytes, name: str, settings: ImportSettings) -> None:
    if len(data) > settings.max_file_bytes:
        raise ReportFileError(
            f"{name}: {len(data) / 2**20:.0f} MB, lebih dari batas {settings.max_file_mb} MB per file; bagi file "
            f"per kabupaten atau per bulan / larger than the {settings.max_file_mb} MB limit per file: split it")


def _check_rows(rows: int, name: str, settings: ImportSettings) -> None:
    if rows > settings.max_rows + PREFIX_LINES:
        raise ReportFileError(
            f"{name}: sekitar {rows:,} baris, lebih dari batas {settings.max_rows:,} baris data per file; bagi file "
            f"/ about {rows:,} rows, more than the {settings.max_rows:,}-row limit per file: split it")


def _check_zip(data: bytes, name: str, settings: ImportSettings) -> None:
    """Refuse a workbook whose unzipped content is far beyond its size before any XML is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReportFileError(f"{name} bukan file XLSX yang utuh / is not a readable XLSX file: {exc}") from None
    ratio = unzipped / max(len(data), 1)
    if unzipped > settings.xlsx_max_uncompressed_mb * 2**20 or ratio > settings.xlsx_max_ratio:
        raise ReportFileError(
            f"{name}: isinya {unzipped / 2**20:.0f} MB setelah dibuka ({ratio:.0f} kali ukuran file); batasnya "
            f"{settings.xlsx_max_uncompressed_mb} MB dan {settings.xlsx_max_ratio} kali. Simpan ulang sebagai CSV "
            f"atau bagi file / unzips to {unzipped / 2**20:.0f} MB ({ratio:.0f} times its size), beyond the "
            f"{settings.xlsx_max_uncompressed_mb} MB and {settings.xlsx_max_ratio}x limits: save it as CSV or split it")


# --- text files ----------------------------------------------------------------------------

def _utf16_without_bom(head: bytes) -> str | None:
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) < 8:
        return None
    even, odd = pairs[0::2], pairs[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then UTF-8, then Windows-1252, then Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "UTF-16"
    guessed = _utf16_without_bom(data[:2000])
    if guessed:
        return data.decode(guessed, errors="replace"), "UTF-16"
    if data[:3] == b"\xef\xbb\xbf":
        try:
            return data[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4000]:
        raise ReportFileError("file ini biner, bukan laporan CSV atau XLSX / the file is binary, not a CSV or XLSX report")
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)


def _delimiter(lines: list[str]) -> str:
    """The delimiter used most consistently over the first lines (title lines have none)."""
    best, best_score = ",", -1
    for candidate in DELIMITERS:
        counts = [line.count(candidate) for line in lines if line.strip()]
        nonzero = [c for c in counts if c > 0]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=nonzero.count)
        score = mode * nonzero.count(mode)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _text_grid(data: bytes, name: str, settings: ImportSettings) -> Grid:
    text, encoding = decode(data)
    notices = []
    first, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(first.rstrip("\r"))
    if sep:
        text = rest
        delimiter = sep.group(1)
        notices.append(f"baris pertama 'sep={delimiter}' dipakai sebagai pemisah / the 'sep=' first line sets the delimiter")
    else:
        delimiter = _delimiter(text[:200_000].splitlines()[:PREFIX_LINES])
    _check_rows(text.count("\n"), name, settings)
    try:
        prefix = list(csv.reader(io.StringIO("\n".join(text[:200_000].splitlines()[:PREFIX_LINES])), delimiter=delimiter))
        width = max((len(r) for r in prefix), default=1)
        try:
            cells = _read_csv(text, delimiter, width)
        except pd.errors.ParserError:     # a longer row further down: measure every row, then read again
            width = max((len(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), default=1)
            cells = _read_csv(text, delimiter, width)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise ReportFileError(f"{name} bukan CSV yang terbaca (tanda kutip tidak tertutup?) / is not a readable CSV "
                              f"file (an unclosed quote?): {str(exc).splitlines()[0]}") from None
    cells.index = np.arange(1, len(cells) + 1)
    return Grid(cells, {}, "csv", encoding=encoding, delimiter=delimiter, notices=notices)


def _read_csv(text: str, delimiter: str, width: int) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=list(range(width)), dtype=str,
                        keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c")
    return frame.fillna("")


# --- workbooks -----------------------------------------------------------------------------

def _kind_of(data: bytes) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) and b"<table" in data[:20000].lower():
        return "html"
    return "text"


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)


def _fill_merged(rows: list[list[object]], ranges) -> list[str]:
    """Copy each vertically merged cell's value into the cells it covers; the ranges filled."""
    filled = []
    for (r0, c0), (r1, c1) in ranges or ():
        if r1 <= r0 or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        if value in ("", None):
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]) and rows[r][c] in ("", None):
                    rows[r][c] = value
        filled.append(f"{_letter(c0)}{r0 + 1}:{_letter(c1)}{r1 + 1}")
    return filled


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB' (as a spreadsheet names its columns)."""
    return _letter(index)


def _sheet_grid(sheet, name: str, settings: ImportSettings) -> tuple[pd.DataFrame, dict[int, pd.Series], list[str]]:
    _check_rows(sheet.total_height, name, settings)
    rows = sheet.to_python(skip_empty_area=False)
    filled = _fill_merged(rows, getattr(sheet, "merged_cell_ranges", None))
    width = max((len(r) for r in rows), default=1)
    raw = pd.DataFrame(rows, columns=range(width), dtype=object) if rows else pd.DataFrame(columns=range(1), dtype=object)
    cells = pd.DataFrame(index=raw.index)
    numbers: dict[int, pd.Series] = {}
    for column in raw.columns:
        values = raw[column]
        kinds = values.map(type)
        numeric = kinds.isin([float, int])
        if numeric.any():
            numbers[column] = pd.to_numeric(values.where(numeric), errors="coerce").astype(float)
        plain = kinds == str
        text = values.where(plain, None)
        if not plain.all():
            text = text.where(plain, values[~plain].map(_cell_text))
        cells[column] = text.fillna("").astype(str)
    cells.index = np.arange(1, len(cells) + 1)
    for column in numbers:
        numbers[column].index = cells.index
    return cells, numbers, filled


def _workbook(data: bytes, name: str):
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:        # calamine raises its own error types for damaged or encrypted files
        raise ReportFileError(f"{name} tidak dapat dibuka sebagai buku kerja (rusak atau berkata sandi?) / cannot be "
                              f"opened as a workbook (damaged or password-protected?): {str(exc).splitlines()[0]}") from None


def _worksheets(book) -> tuple[list[str], list[str]]:
    visible, hidden = [], []
    for meta in book.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue
        (visible if "Visible" in str(meta.visible) and "Hidden" not in str(meta.visible) else hidden).append(meta.name)
    return visible, hidden


def _workbook_grid(data: bytes, name: str, file_type: str, settings: ImportSettings, sheet: str | None,
                   score: Callable[[pd.DataFrame], int]) -> Grid:
    book = _workbook(data, name)
    visible, hidden = _worksheets(book)
    names = visible + hidden
    if not names:
        raise ReportFileError(f"{name} tidak berisi lembar kerja / has no worksheet")
    if sheet is not None and sheet not in names:
        raise ReportFileError(f"lembar '{sheet}' tidak ada; lembar di file ini: {', '.join(names)} / no sheet "
                              f"'{sheet}'; the sheets are: {', '.join(names)}")
    notices = []
    if sheet is None and len(names) > 1:
        scores = {}
        for candidate in visible or names:
            prefix = book.get_sheet_by_name(candidate)
            head = [list(map(_cell_text, r)) for _, r in zip(range(PREFIX_LINES), prefix.iter_rows())]
            scores[candidate] = score(pd.DataFrame(head).fillna("")) if head else 0
        sheet = max(scores, key=lambda s: (scores[s], -names.index(s)))
        others = [s for s in names if s != sheet]
        notices.append(f"lembar '{sheet}' dibaca (berisi judul kolom yang dikenali); lembar lain: {', '.join(others)} / "
                       f"sheet '{sheet}' was read (it has the expected headers); other sheets: {', '.join(others)}")
    sheet = sheet or names[0]
    cells, numbers, filled = _sheet_grid(book.get_sheet_by_name(sheet), name, settings)
    if filled:
        shown = ", ".join(filled[:10]) + (" ..." if len(filled) > 10 else "")
        notices.append(f"sel gabungan {shown} diisi ke setiap baris yang dicakupnya / merged cells applied to every row "
                       "they cover")
    return Grid(cells, numbers, file_type, sheet=sheet, sheets=tuple(names), notices=notices)


def read_grid(data: bytes, name: str, settings: ImportSettings = DEFAULT_SETTINGS, sheet: str | None = None,
              score: Callable[[pd.DataFrame], int] = lambda _: 0) -> Grid:
    """The cells of a text file or of one sheet (`sheet`, else the one `score` likes best)."""
    name = Path(name).name
    if not data.strip():
        raise ReportFileError(f"{name} kosong / is empty")
    check_size(data, name, settings)
    kind = _kind_of(data)
    if kind == "html":
        raise ReportFileError(f"{name} adalah halaman web (HTML) yang diberi nama Excel; buka di Excel lalu simpan "
                              "sebagai .xlsx / is a web page (HTML) named like an Excel file: open it in Excel and "
                              "save it as .xlsx")
    if kind == "zip":
        _check_zip(data, name, settings)
        file_type = "ods" if name.lower().endswith(".ods") else "xlsx"
        return _workbook_grid(data, name, file_type, settings, sheet, score)
    if kind == "xls":
        return _workbook_grid(data, name, "xls", settings, sheet, score)
    return _text_grid(data, name, settings)


# --- compatibility: the whole file as a table --------------------------------------------

def read_table(path: Path) -> pd.DataFrame:
    """The file as a table for display (see `read_bytes`)."""
    return read_bytes(Path(path).read_bytes(), Path(path).name)


def read_bytes(data: bytes, name: str, sheet: str | None = None) -> pd.DataFrame:
    """The file's table for display: header row found, headers normalised, every cell as text, any
    long digit run masked (a preview never shows a clear NIK); row numbers as the spreadsheet shows."""
    from analytics.ingest.layout import display_table

    return display_table(data, name, sheet=sheet)
