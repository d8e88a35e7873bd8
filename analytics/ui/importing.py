"""Imports on behalf of the logged-in caller: the importer's `import_bytes`, with the caller's
permission checked, rows outside the caller's scope refused (each named, with the file's other
rejections), and the outcome recorded in the audit log. Same signature, so the import page
calls this one instead."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from analytics.access.imports import outside_scope
from analytics.access.roles import Permission
from analytics.i18n import t
from analytics.ingest import engine
from analytics.ingest.read import read_bytes
from analytics.ui import auth, state


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind_name: str,
                 replace: bool = False, today: date | None = None, dry_run: bool = False) -> engine.ImportResult:
    identity = auth.current()
    if not identity.can(Permission.IMPORT):
        raise PermissionError(f"{identity.username} may not import")
    lang = state.get().lang
    if not identity.scope.national:
        rows = engine.validate(con, kind_name, read_bytes(data, file_name), replace, today)[0]
        scope = auth.scope_text(identity, lang)
        outside = outside_scope(con, kind_name, rows, identity.scope,
                                outside=t("auth.import_outside", lang, scope=scope, region="{region}"),
                                unknown=t("auth.import_unknown_region", lang, scope=scope))
        if not outside.empty:
            result = engine.import_bytes(con, data, file_name, kind_name, replace, today, dry_run=True)
            result.rejected = (pd.concat([result.rejected.astype(object), outside.astype(object)], ignore_index=True)
                               .drop_duplicates(["row", "column"]).sort_values("row", kind="stable")
                               .reset_index(drop=True))
            if not dry_run:
                auth.record("import_refused", identity.username, page="impor",
                            detail={"kind": kind_name, "file": file_name, "rows": result.rows,
                                    "outside_scope": len(outside)})
            return result
    result = engine.import_bytes(con, data, file_name, kind_name, replace, today, dry_run)
    if not dry_run:
        auth.record("import" if result.ok else "import_refused", identity.username, page="impor",
                    detail={"kind": kind_name, "file": file_name, "rows": result.rows, "batch": result.batch_id,
                            "inserted": result.inserted, "replaced": result.replaced,
                            "rejected": len(result.rejected), "already_imported": result.already_imported})
    return result
