"""Monthly income reports (the most frequent kind): a thin entry over the generic importer."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from analytics.ingest.engine import ImportResult, import_file


def import_income(con: duckdb.DuckDBPyConnection, path: Path, replace: bool = False,
                  today: date | None = None) -> ImportResult:
    """Import a monthly income file: whole or nothing, idempotent, history kept on replace."""
    return import_file(con, path, "income", replace, today)
