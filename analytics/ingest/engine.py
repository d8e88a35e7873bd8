"""Import any report kind: read the file as people make it, validate (read-only), then store
the whole file or nothing (idempotent by content hash, --replace keeps history), refresh.

`check_bytes` validates and returns a `CheckedFile`; `store_checked` writes it. `import_bytes`
does both (the page calls it with `dry_run=True` first, then for real)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest.kinds import KINDS
from analytics.ingest.privacy import scrub, scrub_frame
from analytics.ingest.problems import REPORT_COLUMNS
from analytics.ingest.read import ReportFileError, check_size
from analytics.ingest.settings import DEFAULT_SETTINGS, ImportSettings
from analytics.ingest.storing import ImportFailed, refresh_after, store_rows
from analytics.ingest.templates import template_bytes  # noqa: F401  (the page imports it from here)
from analytics.ingest.validate import Validation, read_for, validate_grid

__all__ = ["ImportResult", "CheckedFile", "check_bytes", "store_checked", "import_bytes", "import_file",
           "template_bytes", "ImportFailed", "ReportFileError"]


@dataclass
class ImportResult:
    """What an import (or a dry run) found and did. Every text in it is safe to show (no clear NIK)."""

    kind: str
    batch_id: int | None
    rows: int
    inserted: int = 0
    replaced: int = 0
    already_imported: bool = False
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    sheet: str | None = None                  # the sheet read (workbooks)
    sheets: tuple[str, ...] = ()              # every sheet of the workbook, for the operator's choice
    header_row: int | None = None             # where the header was found (spreadsheet row number)
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "reason"]))
    notices: list[str] = field(default_factory=list)   # bilingual sentences: sheet, skipped rows, date order, ...
    date_order: str | None = None             # 'dmy' | 'mdy' | None
    date_order_source: str = "none"           # 'values' | 'operator' | 'none' | 'equal' | 'undecided' | 'conflict'
    date_order_needed: bool = False           # True: the operator must choose the order (nothing in the file settles it)
    encoding: str | None = None
    delimiter: str | None = None
    file_type: str | None = None              # csv | xlsx | xls | ods

    @property
    def ok(self) -> bool:
        return self.rejected.empty


@dataclass
class CheckedFile:
    """A validated file: what `store_checked` writes (NIKs already hashed) and the result so far."""

    digest: str
    file_name: str
    validation: Validation | None
    result: ImportResult


def _digest(data: bytes, sheet: str | None) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest}#{sheet}" if sheet else digest


def _result(kind_name: str, v: Validation) -> ImportResult:
    grid, layout, order = v.grid, v.layout, v.date_order
    return ImportResult(
        kind_name, None, len(layout.frame), rejected=v.rejected, flagged=v.flagged,
        preview=scrub_frame(v.rows.head(20).drop(columns=["nik_hash"], errors="ignore")), sheet=grid.sheet,
        sheets=grid.sheets, header_row=layout.header_row, skipped=layout.skipped, notices=v.notices,
        date_order=order.order, date_order_source=order.source, date_order_needed=order.needed,
        encoding=grid.encoding, delimiter=grid.delimiter, file_type=grid.file_type)


def check_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind_name: str, replace: bool = False,
                today: date | None = None, sheet: str | None = None, date_order: str | None = None,
                settings: ImportSettings = DEFAULT_SETTINGS) -> CheckedFile:
    """Validate a file without writing anything. Raises `ReportFileError` for a file no row can fix."""
    if kind_name not in KINDS:
        raise ReportFileError(f"jenis laporan tidak dikenal / unknown kind {kind_name!r}; one of {', '.join(KINDS)}")
    check_size(data, Path(file_name).name, settings)
    grid = read_for(kind_name, data, file_name, sheet, settings)
    digest = _digest(data, grid.sheet if grid.file_type != "csv" else None)
    shown_name = scrub(Path(file_name).name)
    seen = con.execute("SELECT batch_id FROM import_batches WHERE kind = ? AND content_hash = ?",
                       [kind_name, digest]).fetchall()
    if seen:
        result = ImportResult(kind_name, seen[0][0], 0, already_imported=True, sheet=grid.sheet, sheets=grid.sheets,
                              file_type=grid.file_type)
        return CheckedFile(digest, shown_name, None, result)
    validation = validate_grid(con, kind_name, grid, replace, today, date_order, settings)
    return CheckedFile(digest, shown_name, validation, _result(kind_name, validation))


def _database_hint(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return f" --db {rows[0][0]}" if rows and rows[0][0] else ""


def _note(result: ImportResult) -> str | None:
    parts = [f"sheet={result.sheet}" if result.sheet else None,
             f"header_row={result.header_row}" if result.header_row else None,
             f"date_order={result.date_order}({result.date_order_source})" if result.date_order else None,
             f"skipped_rows={len(result.skipped)}" if len(result.skipped) else None]
    return "; ".join(p for p in parts if p) or None


def store_checked(con: duckdb.DuckDBPyConnection, checked: CheckedFile,
                  on_stage: Callable[[str], None] = lambda stage: None) -> ImportResult:
    """Store a checked file whole (or log the refused attempt), then refresh what it touched;
    `on_stage` hears 'storing' and 'refreshing' as they begin (the writer's job status)."""
    result, v = checked.result, checked.validation
    if v is None or result.already_imported:
        return result
    if not result.ok:
        log_attempt(con, result.kind, checked.file_name, checked.digest, result.rows, result.rejected, None)
        return result
    on_stage("storing")
    batch_id, inserted, replaced = store_rows(con, result.kind, v.rows, v.key, checked.file_name, checked.digest,
                                              v.nik_key, _note(result))
    result.batch_id, result.inserted, result.replaced = batch_id, inserted, replaced
    try:
        log_attempt(con, result.kind, checked.file_name, checked.digest, result.rows, result.rejected, batch_id)
    except duckdb.Error:
        pass                 # the rows are stored; the attempt log is a convenience
    on_stage("refreshing")
    refresh_after(con, result.kind, v.rows, batch_id, _database_hint(con))
    return result


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind_name: str,
                 replace: bool = False, today: date | None = None, dry_run: bool = False, sheet: str | None = None,
                 date_order: str | None = None, settings: ImportSettings = DEFAULT_SETTINGS) -> ImportResult:
    """Validate a file and, unless `dry_run` or anything is rejected, store all its rows in one transaction."""
    checked = check_bytes(con, data, file_name, kind_name, replace, today, sheet, date_order, settings)
    if dry_run:
        return checked.result
    return store_checked(con, checked)


def import_file(con: duckdb.DuckDBPyConnection, path: Path, kind_name: str, replace: bool = False,
                today: date | None = None, dry_run: bool = False, sheet: str | None = None,
                date_order: str | None = None, settings: ImportSettings = DEFAULT_SETTINGS) -> ImportResult:
    path = Path(path)
    return import_bytes(con, path.read_bytes(), path.name, kind_name, replace, today, dry_run, sheet, date_order, settings)


def log_attempt(con: duckdb.DuckDBPyConnection, kind_name: str, file_name: str, digest: str, rows: int,
                rejected: pd.DataFrame, batch_id: int | None) -> None:
    """Record an import attempt and its rejected rows (values already masked) for the data-quality page."""
    attempt = con.execute("SELECT coalesce(max(attempt_id), 0) + 1 FROM import_attempts").fetchall()[0][0]
    con.execute("INSERT INTO import_attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [attempt, kind_name, scrub(file_name), digest, rows, len(rejected), batch_id, datetime.now()])
    if not rejected.empty:
        frame = rejected.assign(attempt_id=attempt).astype({"value": str, "reason": str, "column": str})
        frame["value"] = frame["value"].map(scrub)
        con.register("rejected_rows", frame)
        con.execute("""INSERT INTO import_rejections SELECT attempt_id, row, "column", value, reason
                       FROM rejected_rows""")
        con.unregister("rejected_rows")
