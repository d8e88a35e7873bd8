"""Reading an operator's file (CSV with comma or semicolon; UTF-8, UTF-8 BOM or Latin-1; XLSX)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd


class ReportFileError(ValueError):
    """A file that cannot be read at all; the message says why."""


def read_table(path: Path) -> pd.DataFrame:
    """All cells as text, header names lower-cased and stripped; row numbers as in a spreadsheet."""
    return read_bytes(Path(path).read_bytes(), Path(path).name)


def read_bytes(data: bytes, name: str) -> pd.DataFrame:
    """The same, for a file's content (an upload)."""
    path = Path(name)
    if not data.strip():
        raise ReportFileError(f"{path.name} is empty")
    if data[:4] == b"PK\x03\x04":
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl")
        except Exception as exc:   # openpyxl raises many types for damaged files
            raise ReportFileError(f"{Path(path).name} is not a readable XLSX file: {exc}") from None
    else:
        text = _decode(data)
        try:
            dialect = csv.Sniffer().sniff(text[:5000], delimiters=",;")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        try:
            frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, ValueError) as exc:
            raise ReportFileError(f"{Path(path).name} is not a readable CSV file: {str(exc).splitlines()[0]}") from None
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame.index = range(2, len(frame) + 2)     # row 1 is the header, as a spreadsheet shows it
    return frame


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if b"\x00" in data[:1000]:
        raise ReportFileError("the file is binary, not a CSV or XLSX report")
    return data.decode("latin-1")
