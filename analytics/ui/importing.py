"""Imports on behalf of the logged-in caller. The page's check is the importer's
(`check_bytes`, read-only) with the rows outside the caller's scope refused and named beside the
file's other rejections; the job handed to the writer carries the caller's account and scope, so
the writer refuses those rows again on its working copy (`analytics.serving.tasks`) and records
the outcome in the audit log. The submission is recorded here (`analytics.ui.jobs.submit_import`)."""
from __future__ import annotations

from datetime import date

import duckdb

from analytics.access.imports import refuse_outside
from analytics.access.roles import Permission
from analytics.ingest import engine
from analytics.ui import auth


def check(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind_name: str, replace: bool = False,
          today: date | None = None, sheet: str | None = None, date_order: str | None = None) -> engine.ImportResult:
    """What storing the file would do for this caller (nothing is written)."""
    identity = auth.current()
    if not identity.can(Permission.IMPORT):
        raise PermissionError(f"{identity.username} may not import")
    checked = engine.check_bytes(con, data, file_name, kind_name, replace, today, sheet, date_order)
    refuse_outside(con, checked, identity.scope)
    return checked.result
