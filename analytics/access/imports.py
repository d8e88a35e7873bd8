"""An operator imports rows of their own regions only: every row of a file is placed in a regency
(directly, or through its group, member or offtaker) and a file with one row outside the scope is
refused, each such row named as the other rejections are (row, column, value, reason).

`refuse_outside(con, checked, scope)` adds those rejections to a checked file
(`analytics.ingest.engine.check_bytes`), so storing it stores nothing. The Impor Data page runs it
in its check (the operator sees the rows at once) and the writer runs it again on its working copy
before storing (the job carries the submitter's scope), which is the check that counts: the
store may have changed between the page's check and the job.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from analytics.access.scope import Scope
from analytics.i18n import t

REPORT_COLUMNS = ["row", "column", "value", "reason"]
# kind -> (the rows' column that places them, the file's column to name, how to find its regency)
GROUP = "SELECT kube_id AS k, regency_code FROM kube"
PLACES: dict[str, tuple[str, str, str | None]] = {
    "groups": ("regency_code", "wilayah", None),            # the regency itself
    "members": ("kube_id", "kode_kube", GROUP),
    "business": ("kube_id", "kode_kube", GROUP),
    "sales": ("kube_id", "kode_kube", GROUP),
    "income": ("member_id", "anggota", "SELECT m.member_id AS k, g.regency_code FROM members m "
                                       "JOIN kube g USING (kube_id)"),
    "orders": ("offtaker_id", "offtaker", "SELECT offtaker_id AS k, regency_code FROM offtakers"),
}
# Rows that replace stored ones: the stored row's regency must be inside the scope too (an
# operator cannot move another province's group into their own).
STORED: dict[str, tuple[str, str]] = {
    "groups": ("kube_id", GROUP),
    "members": ("nik_hash", "SELECT m.nik_hash AS k, g.regency_code FROM members m JOIN kube g USING (kube_id)"),
}


def _regencies(con: duckdb.DuckDBPyConnection, keys: pd.Series, sql: str) -> pd.Series:
    """The regency of each key (None where unknown), looked up in one query."""
    wanted = pd.DataFrame({"k": keys.dropna().unique()})
    if wanted.empty:
        return pd.Series(None, index=keys.index, dtype=object)
    con.register("scope_keys", wanted)
    try:
        found = dict(con.execute(f"SELECT l.k, l.regency_code FROM ({sql}) l JOIN scope_keys USING (k)").fetchall())
    finally:
        con.unregister("scope_keys")
    return keys.map(lambda k: found.get(k))


def _both(key: str) -> str:
    """A rejection reason in both languages, as the importer's other reasons are ('kosong / empty')."""
    return f"{t(key, 'id')} / {t(key, 'en')}"


OUTSIDE, UNKNOWN = _both("auth.import_outside"), _both("auth.import_unknown_region")


def outside_scope(con: duckdb.DuckDBPyConnection, kind: str, rows: pd.DataFrame, scope: Scope,
                  outside: str = OUTSIDE, unknown: str = UNKNOWN, text: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rejections for the rows of `rows` (a validated `kind` frame) outside `scope`; empty when all
    are inside. `outside` and `unknown` word the reason ({scope}, {region} filled in); `text` (the
    file's cells by column, same index) gives the value as the file wrote it."""
    if scope.national or rows.empty:
        return pd.DataFrame(columns=REPORT_COLUMNS)
    if kind not in PLACES:
        raise ValueError(f"no region rule for import kind {kind!r}")
    column, shown, sql = PLACES[kind]
    values = rows[column] if column in rows else pd.Series(None, index=rows.index, dtype=object)
    regency = values.where(values.notna(), None) if sql is None else _regencies(con, values, sql)
    written = text[shown] if text is not None and shown in text else values
    problems = []
    for index, region in regency.items():
        if region is None or (isinstance(region, float) and pd.isna(region)):
            if values.get(index) is not None and not pd.isna(values.get(index)):
                problems.append((index, shown, str(written[index]), unknown.format(scope=scope, region="?")))
        elif not scope.contains(str(region)):
            problems.append((index, shown, str(written[index]), outside.format(scope=scope, region=region)))
    if kind in STORED and STORED[kind][0] in rows:
        key, stored_sql = STORED[kind]
        before = _regencies(con, rows[key], stored_sql)
        for index, region in before.items():
            if isinstance(region, str) and not scope.contains(region):
                value = "(NIK)" if key == "nik_hash" else str(rows.at[index, key])
                problems.append((index, "nik" if key == "nik_hash" else "kode_kube", value,
                                 outside.format(scope=scope, region=region)))
    frame = pd.DataFrame(problems, columns=REPORT_COLUMNS)
    return frame.drop_duplicates(["row", "column"]).sort_values("row", kind="stable").reset_index(drop=True)


def refuse_outside(con: duckdb.DuckDBPyConnection, checked, scope: Scope):
    """`checked` (an `analytics.ingest.engine.CheckedFile`) with its rows outside `scope` added to
    its rejections, beside the file's other ones; returns the number of such rows."""
    result, validation = checked.result, checked.validation
    if validation is None or scope.national:
        return 0
    outside = outside_scope(con, result.kind, validation.rows, scope, text=validation.layout.frame)
    if not outside.empty:
        result.rejected = (pd.concat([result.rejected.astype(object), outside.astype(object)], ignore_index=True)
                           .drop_duplicates(["row", "column"]).sort_values("row", kind="stable")
                           .reset_index(drop=True))
    return len(outside)
