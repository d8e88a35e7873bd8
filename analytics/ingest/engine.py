"""Import any report kind: read, parse whole columns, pandera schema, business rules, then
store the whole file or nothing (idempotent by content hash, --replace keeps history), refresh."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pandera.pandas as pa

from analytics.ingest import columns as parsers
from analytics.ingest import nik as nik_codec
from analytics.ingest.kinds import KINDS, Kind
from analytics.ingest.read import ReportFileError, read_bytes
from analytics.ingest.problems import REPORT_COLUMNS, Problems
from analytics.ingest.regions import RegionResolver
from analytics.ingest.rules import KEY_COLUMN, RULES, lookup as _lookup
from analytics.metrics.refresh import refresh

PARSERS = {"text": parsers.text, "int": parsers.integer, "decimal": parsers.decimal, "rupiah": parsers.rupiah,
           "month": parsers.month, "date": parsers.day}


@dataclass
class ImportResult:
    kind: str
    batch_id: int | None
    rows: int
    inserted: int = 0
    replaced: int = 0
    already_imported: bool = False
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REPORT_COLUMNS))
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return self.rejected.empty


def _headers(kind: Kind, frame: pd.DataFrame) -> dict[str, str]:
    """Canonical column name -> the header the file uses. Missing required columns: a file error."""
    found = {}
    for column in kind.columns:
        header = next((h for h in (column.name, *column.aliases) if h in frame.columns), None)
        if header:
            found[column.name] = header
    missing = [c.name for c in kind.columns if c.required and c.name not in found]
    if kind.one_of and not any(c in found for c in kind.one_of):
        missing.append(" atau ".join(kind.one_of))
    if missing:
        raise ReportFileError(f"kolom tidak ada / missing column(s): {', '.join(missing)}; "
                              f"file ini berisi / the file has: {', '.join(frame.columns) or '(nothing)'}")
    return found


def _parse(kind: Kind, frame: pd.DataFrame, headers: dict[str, str], problems: Problems,
           resolver: RegionResolver) -> pd.DataFrame:
    parsed = pd.DataFrame(index=frame.index)
    for column in kind.columns:
        if column.name not in headers:
            parsed[column.name] = pd.Series(pd.NA if column.kind in ("int", "rupiah") else None,
                                            index=frame.index, dtype="Int64" if column.kind in ("int", "rupiah") else object)
            continue
        text = frame[headers[column.name]]
        if column.kind == "region":
            values, errors = resolver.regency_column(text)
        elif column.kind == "nik":
            values, errors = _nik_column(text, resolver.regency_codes)
        elif column.kind == "choice":
            values, errors = parsers.choice(column.options)(text)
        else:
            values, errors = PARSERS[column.kind](text)
        empty = text.str.strip() == ""
        errors = errors.where(~empty, "kosong / empty" if column.required else None)
        parsed[column.name] = values
        problems.reject(errors.notna(), column.name, errors)
    return parsed


def _nik_column(text: pd.Series, regency_codes: set[str]):
    secret = nik_codec.key()
    checked = {value: nik_codec.check(value, regency_codes) for value in text.unique() if value}
    digits = text.map(lambda v: checked.get(v, (None, None))[0])
    errors = text.map(lambda v: checked.get(v, (None, None))[1])
    hashed = digits.map(lambda d: nik_codec.digest(d, secret) if isinstance(d, str) else None)
    masked = digits.map(lambda d: nik_codec.mask(d) if isinstance(d, str) else None)
    # The 16 digits go no further than this function: only the hash and the mask.
    return pd.Series(list(zip(hashed, masked)), index=text.index).where(digits.notna(), None), errors


def _schema_checks(kind: Kind, parsed: pd.DataFrame, problems: Problems) -> None:
    schema = kind.schema()
    subset = parsed[[c for c in schema.columns if c in parsed]]
    try:
        schema.validate(subset, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].notna()]
        for (column, check), group in cases.groupby(["column", "check"]):
            mask = pd.Series(False, index=parsed.index)
            mask[group["index"].astype(int).to_numpy()] = True
            problems.reject(mask, column, str(check))


def validate(con: duckdb.DuckDBPyConnection, kind_name: str, frame: pd.DataFrame, replace: bool = False,
             today: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """(rows to store, rejections, flags for review, key columns). Rejections name row, column, value, reason."""
    today = today or date.today()
    kind = KINDS[kind_name]
    headers = _headers(kind, frame)
    problems = Problems(frame, headers)
    parsed = _parse(kind, frame, headers, problems, RegionResolver(con))
    _schema_checks(kind, parsed, problems)
    rows, key = RULES[kind_name](con, parsed, problems, replace, today)
    complete = rows[list(key)].notna().all(axis=1)
    report_column = KEY_COLUMN[key[-1]] if key[-1] in KEY_COLUMN else key[-1]
    duplicated = complete & rows[list(key)].astype(str).duplicated(keep=False)
    problems.reject(duplicated, report_column, "laporan ganda dalam file / duplicate (member, month) in the file"
                    if kind_name == "income" else "baris ganda dalam file / duplicate row in the file")
    if not replace and complete.any():
        stored = _stored_keys(con, kind.table, rows[complete], key)
        problems.reject(stored, report_column,
                        "sudah ada di basis data; pakai --replace untuk mengganti / already reported; use --replace")
    return rows, problems.rejected_frame(), problems.flagged_frame(), key


def _stored_keys(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    keys = rows[list(key)].copy()
    keys["_row"] = keys.index
    con.register("incoming_keys", keys)
    try:
        condition = " AND ".join(f"t.{c} = k.{c}" for c in key)
        found = {r[0] for r in con.execute(f"SELECT k._row FROM incoming_keys k JOIN {table} t ON {condition}").fetchall()}
    finally:
        con.unregister("incoming_keys")
    return pd.Series(rows.index.isin(list(found)), index=rows.index).reindex(rows.index, fill_value=False)


def import_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, kind_name: str,
                 replace: bool = False, today: date | None = None, dry_run: bool = False) -> ImportResult:
    """Validate a file and, unless `dry_run` or anything is rejected, store all its rows in one transaction."""
    if kind_name not in KINDS:
        raise ReportFileError(f"unknown kind {kind_name!r}; one of {', '.join(KINDS)}")
    digest = hashlib.sha256(data).hexdigest()
    frame = read_bytes(data, file_name)
    seen = con.execute("SELECT batch_id FROM import_batches WHERE kind = ? AND content_hash = ?",
                       [kind_name, digest]).fetchall()
    if seen:
        return ImportResult(kind_name, seen[0][0], len(frame), already_imported=True)
    rows, rejected, flagged, key = validate(con, kind_name, frame, replace, today)
    result = ImportResult(kind_name, None, len(frame), rejected=rejected, flagged=flagged, preview=rows.head(20))
    if dry_run:
        return result
    if not rejected.empty:
        _log_attempt(con, kind_name, file_name, digest, len(frame), rejected, None)
        return result
    batch_id, inserted, replaced = _store(con, KINDS[kind_name], rows, key, file_name, digest)
    _log_attempt(con, kind_name, file_name, digest, len(frame), rejected, batch_id)
    _refresh_after(con, kind_name, rows)
    result.batch_id, result.inserted, result.replaced = batch_id, inserted, replaced
    return result


def import_file(con: duckdb.DuckDBPyConnection, path: Path, kind_name: str, replace: bool = False,
                today: date | None = None) -> ImportResult:
    path = Path(path)
    return import_bytes(con, path.read_bytes(), path.name, kind_name, replace, today)


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.copy()
    for column in out.columns:
        if column in ("month", "joined_on", "exited_on", "formed_on", "reported_on"):
            out[column] = pd.to_datetime(out[column]).dt.date
    return out


def _store(con, kind: Kind, rows: pd.DataFrame, key: tuple[str, ...], file_name: str, digest: str):
    rows = _typed(rows)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchall()[0][0]
        con.execute("INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, NULL)",
                    [batch_id, kind.name, file_name, digest, len(rows), datetime.now()])
        if kind.name == "members":
            rows = _assign_member_ids(con, rows)
        con.register("incoming", rows.reset_index(drop=True))
        condition = " AND ".join(f"t.{c} = n.{c}" for c in key)
        old = con.execute(f"SELECT t.* FROM {kind.table} t JOIN incoming n ON {condition}").df()
        if not old.empty:
            next_id = con.execute("SELECT coalesce(max(audit_id), 0) FROM audit_log").fetchall()[0][0]
            now = datetime.now()
            audit = pd.DataFrame({
                "audit_id": np.arange(next_id + 1, next_id + 1 + len(old)), "logged_at": now, "batch_id": batch_id,
                "action": "replace", "table_name": kind.table,
                "row_key": _row_keys(old, key),
                "old_value": [json.dumps(r, default=str) for r in old.to_dict(orient="records")],
                "new_value": None})
            con.register("audit_rows", audit)
            con.execute("INSERT INTO audit_log SELECT * FROM audit_rows")
            con.unregister("audit_rows")
            con.execute(f"DELETE FROM {kind.table} t WHERE EXISTS (SELECT 1 FROM incoming n WHERE {condition})")
        columns = list(rows.columns)
        has_batch = "batch_id" in [r[0] for r in con.execute(f"DESCRIBE {kind.table}").fetchall()]
        names = ", ".join(columns + (["batch_id"] if has_batch else []))
        select = ", ".join([f"n.{c}" for c in columns] + ([str(batch_id)] if has_batch else []))
        con.execute(f"INSERT INTO {kind.table} ({names}) SELECT {select} FROM incoming n")
        _batch_regions(con, kind.name, batch_id)
        con.unregister("incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return batch_id, len(rows) - len(old), len(old)


def _row_keys(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """'1/2020-02': key values joined, months as YYYY-MM."""
    parts = [pd.to_datetime(frame[c]).dt.strftime("%Y-%m") if c == "month" else frame[c].astype(str) for c in key]
    return pd.concat(parts, axis=1).agg("/".join, axis=1)


def _assign_member_ids(con, rows: pd.DataFrame) -> pd.DataFrame:
    """Known NIKs keep their member id and pseudonym (replace); new ones get the next ids."""
    existing = _lookup(con, "SELECT nik_hash, member_id FROM members WHERE nik_hash IN (SELECT k FROM {keys})",
                       rows["nik_hash"], "keys_members")
    start = con.execute("SELECT coalesce(max(member_id), 0) FROM members").fetchall()[0][0]
    new = existing.isna()
    ids = existing.copy()
    ids[new] = np.arange(start + 1, start + 1 + int(new.sum()))
    out = rows.copy()
    out.insert(0, "member_id", ids.astype(int))
    out.insert(1, "pseudonym", [f"AGT-{i:07d}" for i in out["member_id"]])
    return out


def _batch_regions(con, kind_name: str, batch_id: int) -> None:
    """Which regencies a batch touched (for 'last import per region')."""
    via = {"income": "JOIN members m USING (member_id) JOIN kube k USING (kube_id)",
           "members": "JOIN kube k USING (kube_id)", "business": "JOIN kube k USING (kube_id)",
           "sales": "JOIN kube k USING (kube_id)", "groups": "JOIN kube k USING (kube_id)",
           "orders": "JOIN offtakers k USING (offtaker_id)"}[kind_name]
    con.execute(f"""INSERT INTO import_batch_regions
                    SELECT {batch_id}, k.regency_code, count(*) FROM incoming n {via}
                    WHERE k.regency_code IS NOT NULL GROUP BY k.regency_code""")


def _log_attempt(con, kind_name: str, file_name: str, digest: str, rows: int, rejected: pd.DataFrame,
                 batch_id: int | None) -> None:
    attempt = con.execute("SELECT coalesce(max(attempt_id), 0) + 1 FROM import_attempts").fetchall()[0][0]
    con.execute("INSERT INTO import_attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [attempt, kind_name, file_name, digest, rows, len(rejected), batch_id, datetime.now()])
    if not rejected.empty:
        con.register("rejected_rows", rejected.assign(attempt_id=attempt).astype({"value": str, "reason": str}))
        con.execute("""INSERT INTO import_rejections SELECT attempt_id, row, "column", value, reason
                       FROM rejected_rows""")
        con.unregister("rejected_rows")


def _refresh_after(con, kind_name: str, rows: pd.DataFrame) -> None:
    """Refresh the marts for the members the file touched, from the earliest month it changed."""
    if kind_name == "orders" or rows.empty:
        return
    if kind_name == "income":
        members, start = rows["member_id"].astype(int).tolist(), min(rows["month"])
    else:
        kubes = rows["kube_id"].dropna().astype(int).unique().tolist()
        con.register("touched_kubes", pd.DataFrame({"kube_id": kubes}))
        members = [r[0] for r in con.execute(
            "SELECT member_id FROM members WHERE kube_id IN (SELECT kube_id FROM touched_kubes)").fetchall()]
        con.unregister("touched_kubes")
        dates = rows[[c for c in ("month", "joined_on", "formed_on") if c in rows]].stack()
        start = min(pd.to_datetime(dates)).date().replace(day=1)
    refresh(con, members=members, from_month=start)


def template_bytes(kind_name: str, fmt: str = "csv") -> bytes:
    """A template: the headers and one example row (and, in XLSX, a sheet describing each column)."""
    kind = KINDS[kind_name]
    example = pd.DataFrame([[c.example for c in kind.columns]], columns=[c.name for c in kind.columns])
    if fmt == "csv":
        return example.to_csv(index=False).encode("utf-8-sig")
    from analytics.export.tables import xlsx_bytes
    notes = [(c.name, f"{'wajib' if c.required else 'pilihan'} / {'required' if c.required else 'optional'}: "
                      f"{c.doc_id} / {c.doc_en}. Juga diterima / also accepted: {', '.join(c.aliases) or '-'}")
             for c in kind.columns]
    return xlsx_bytes(example, notes, sheet=kind.name)


