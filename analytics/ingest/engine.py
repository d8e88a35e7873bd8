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
from analytics.ingest.regions import RegionResolver
from analytics.metrics.refresh import refresh

OUTLIER_FACTOR = 8.0
REPORT_COLUMNS = ["row", "column", "value", "reason"]
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


class _Problems:
    """Rejections and review flags, vectorised: a mask of rows, a column, a reason."""

    def __init__(self, frame: pd.DataFrame, headers: dict[str, str]):
        self.frame, self.headers = frame, headers
        self.rejected: list[pd.DataFrame] = []
        self.flagged: list[pd.DataFrame] = []

    def _rows(self, mask: pd.Series, column: str, reason: str | pd.Series, value: pd.Series | None) -> pd.DataFrame:
        header = self.headers.get(column, column)
        index = mask[mask.fillna(False).astype(bool)].index
        if value is None:
            value = self.frame[header] if header in self.frame else pd.Series("", index=self.frame.index)
        shown = value.reindex(index).astype(str)
        if column == "nik":
            shown = shown.map(nik_codec.redact)
        reasons = reason.reindex(index) if isinstance(reason, pd.Series) else reason
        return pd.DataFrame({"row": index, "column": header, "value": shown.to_numpy(), "reason": reasons})

    def reject(self, mask: pd.Series, column: str, reason: str | pd.Series, value: pd.Series | None = None) -> None:
        if mask.fillna(False).any():
            self.rejected.append(self._rows(mask, column, reason, value))

    def flag(self, mask: pd.Series, column: str, reason: str | pd.Series) -> None:
        if mask.fillna(False).any():
            self.flagged.append(self._rows(mask, column, reason, None))

    @staticmethod
    def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
        if not parts:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        out = pd.concat(parts, ignore_index=True).sort_values(["row", "column"], kind="stable")
        return out.drop_duplicates(["row", "column"]).reset_index(drop=True)

    def rejected_frame(self) -> pd.DataFrame:
        return self._frame(self.rejected)

    def flagged_frame(self) -> pd.DataFrame:
        return self._frame(self.flagged)


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


def _parse(kind: Kind, frame: pd.DataFrame, headers: dict[str, str], problems: _Problems,
           resolver: RegionResolver) -> pd.DataFrame:
    parsed = pd.DataFrame(index=frame.index)
    for column in kind.columns:
        if column.name not in headers:
            parsed[column.name] = pd.Series(pd.NA if column.kind in ("int", "rupiah") else None,
                                            index=frame.index, dtype="Int64" if column.kind in ("int", "rupiah") else object)
            continue
        text = frame[headers[column.name]]
        if column.kind == "region":
            values, errors = resolver.regency_column(text, column.required)
        elif column.kind == "nik":
            values, errors = _nik_column(text, resolver.regency_codes, column.required)
        elif column.kind == "choice":
            values, errors = parsers.choice(column.options)(text, column.required)
        else:
            values, errors = PARSERS[column.kind](text, column.required)
        parsed[column.name] = values
        problems.reject(errors.notna(), column.name, errors)
    return parsed


def _nik_column(text: pd.Series, regency_codes: set[str], required: bool):
    secret = nik_codec.key()
    checked = {value: nik_codec.check(value, regency_codes) for value in text.unique() if value}
    digits = text.map(lambda v: checked.get(v, (None, None))[0])
    errors = text.map(lambda v: checked.get(v, (None, "kosong / empty" if required else None))[1])
    hashed = digits.map(lambda d: nik_codec.digest(d, secret) if isinstance(d, str) else None)
    masked = digits.map(lambda d: nik_codec.mask(d) if isinstance(d, str) else None)
    # The 16 digits go no further than this function: only the hash and the mask.
    return pd.Series(list(zip(hashed, masked)), index=text.index).where(digits.notna(), None), errors


def _schema_checks(kind: Kind, parsed: pd.DataFrame, problems: _Problems) -> None:
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


def _lookup(con: duckdb.DuckDBPyConnection, sql: str, values: pd.Series, name: str) -> pd.Series:
    """Map `values` through a two-column query (key, value) without loading the whole table."""
    distinct = pd.DataFrame({"k": values.dropna().unique()})
    if distinct.empty:
        return pd.Series(None, index=values.index, dtype=object)
    con.register(name, distinct)
    try:
        mapping = dict(con.execute(sql.format(keys=name)).fetchall())
    finally:
        con.unregister(name)
    return values.map(mapping)


def _month_start(today: date) -> date:
    return date(today.year, today.month, 1)


def _future(parsed: pd.DataFrame, column: str, limit: date, problems: _Problems, what: str) -> None:
    values = parsed[column]
    mask = values.map(lambda d: d is not None and not pd.isna(d) and d > limit)
    problems.reject(mask, column, f"{what} di masa depan / {what} in the future (month in the future)")


# --- per-kind rules: resolve references, check business rules, return the rows to store ------

def _rules_income(con, parsed, problems, replace, today):
    member = pd.Series(None, index=parsed.index, dtype=object)
    if parsed["anggota"].notna().any():
        member = _lookup(con, "SELECT pseudonym, member_id FROM members WHERE pseudonym IN (SELECT k FROM {keys})",
                         parsed["anggota"], "keys_pseudonym")
    if parsed["nik"].notna().any():
        hashes = parsed["nik"].map(lambda v: v[0] if isinstance(v, tuple) else None)
        by_nik = _lookup(con, "SELECT nik_hash, member_id FROM members WHERE nik_hash IN (SELECT k FROM {keys})",
                         hashes, "keys_nik")
        member = member.fillna(by_nik)
    given = parsed["anggota"].notna() | parsed["nik"].notna()
    problems.reject(given & member.isna(), "anggota" if parsed["anggota"].notna().any() else "nik",
                    "anggota tidak dikenal / unknown member")
    problems.reject(~given, "anggota", "anggota atau NIK kosong / member or NIK empty")
    _future(parsed, "bulan", _month_start(today), problems, "bulan")
    rows = pd.DataFrame({"member_id": member, "month": parsed["bulan"], "income_rupiah": parsed["pendapatan"],
                         "household_size": parsed["jumlah_art"],
                         "reported_on": parsed["tanggal_lapor"].where(parsed["tanggal_lapor"].notna(), today)},
                        index=parsed.index)
    # Implausible amounts are kept and listed for review, never dropped silently.
    usable = rows.dropna(subset=["member_id", "income_rupiah"])
    if not usable.empty:
        medians = _lookup(con, """SELECT member_id, median(income_rupiah) FROM member_income
                                  WHERE member_id IN (SELECT k FROM {keys}) GROUP BY member_id""",
                          usable["member_id"], "keys_median")
        amount = usable["income_rupiah"].astype(float)
        far = medians.notna() & ((amount > medians * OUTLIER_FACTOR) | (amount < medians / OUTLIER_FACTOR))
        problems.flag(far.reindex(parsed.index, fill_value=False), "pendapatan",
                      "jauh dari median anggota; diperiksa, tidak ditolak / far from the member's median; kept, flagged")
    return rows, ("member_id", "month")


def _group_formed(con, codes: pd.Series) -> pd.Series:
    return _lookup(con, "SELECT kube_id, formed_on FROM kube WHERE kube_id IN (SELECT k FROM {keys})",
                   codes.astype("Int64"), "keys_kube")


def _rules_groups(con, parsed, problems, replace, today):
    _future(parsed, "tanggal_bentuk", today, problems, "tanggal")
    for column, table, key in (("pendamping", "facilitators", "facilitator_id"), ("rantai_nilai", "value_chains", "chain_id")):
        given = parsed[column].notna()
        if given.any():
            known = _lookup(con, f"SELECT {key}, {key} FROM {table} WHERE {key} IN (SELECT k FROM {{keys}})",
                            parsed[column], f"keys_{table}")
            problems.reject(given & known.isna(), column, f"{column} tidak dikenal / unknown {key}")
    problems.reject(parsed["tahap"].notna() & parsed["rantai_nilai"].isna(), "tahap",
                    "tahap tanpa rantai nilai / a stage needs a value chain")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "name": parsed["nama"], "regency_code": parsed["wilayah"],
                         "formed_on": parsed["tanggal_bentuk"], "commodity": parsed["komoditas"],
                         "business_type": parsed["jenis_usaha"], "chain_id": parsed["rantai_nilai"],
                         "stage_no": parsed["tahap"], "facilitator_id": parsed["pendamping"],
                         "grant_rupiah": parsed["dana_bantuan"]}, index=parsed.index)
    return rows, ("kube_id",)


def _rules_members(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    joined = parsed["tanggal_gabung"]
    before = formed.notna() & joined.notna() & (pd.to_datetime(joined) < pd.to_datetime(formed))
    problems.reject(before, "tanggal_gabung",
                    "bergabung sebelum KUBE dibentuk / a member before the group was formed")
    _future(parsed, "tanggal_gabung", today, problems, "tanggal")
    exited = parsed["tanggal_keluar"]
    problems.reject(exited.notna() & joined.notna() & (pd.to_datetime(exited) < pd.to_datetime(joined)),
                    "tanggal_keluar", "keluar sebelum bergabung / exit before joining")
    nik = parsed["nik"]
    rows = pd.DataFrame({"nik_hash": nik.map(lambda v: v[0] if isinstance(v, tuple) else None),
                         "nik_masked": nik.map(lambda v: v[1] if isinstance(v, tuple) else None),
                         "kube_id": parsed["kode_kube"], "joined_on": joined, "exited_on": exited,
                         "household_size": parsed["jumlah_art"], "head_sex": parsed["jenis_kelamin_kepala"]},
                        index=parsed.index)
    return rows, ("nik_hash",)


def _rules_business(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    _future(parsed, "bulan", _month_start(today), problems, "bulan")
    early = formed.notna() & parsed["bulan"].notna() & (
        pd.to_datetime(parsed["bulan"]) < pd.to_datetime(formed).dt.to_period("M").dt.to_timestamp())
    problems.reject(early, "bulan", "laporan sebelum KUBE dibentuk / a report before the group was formed")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "month": parsed["bulan"], "revenue_rupiah": parsed["omzet"],
                         "cost_rupiah": parsed["biaya"], "savings_rupiah": parsed["tabungan"],
                         "iks_rupiah": parsed["iks"]}, index=parsed.index)
    return rows, ("kube_id", "month")


def _offtakers_known(con, parsed, problems, column: str) -> None:
    given = parsed[column].notna()
    if given.any():
        known = _lookup(con, "SELECT offtaker_id, offtaker_id FROM offtakers WHERE offtaker_id IN (SELECT k FROM {keys})",
                        parsed[column], "keys_offtaker")
        problems.reject(given & known.isna(), column, "offtaker tidak dikenal / unknown offtaker")


def _rules_sales(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    _future(parsed, "bulan", _month_start(today), problems, "bulan")
    _offtakers_known(con, parsed, problems, "offtaker")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "month": parsed["bulan"], "channel": parsed["saluran"],
                         "product": parsed["produk"], "quantity": parsed["jumlah"], "unit": parsed["satuan"],
                         "value_rupiah": parsed["nilai"], "offtaker_id": parsed["offtaker"]}, index=parsed.index)
    return rows, ("kube_id", "month", "channel", "product")


def _rules_orders(con, parsed, problems, replace, today):
    _offtakers_known(con, parsed, problems, "offtaker")
    # Orders may be placed ahead, but not more than a year ahead.
    _future(parsed, "bulan", date(today.year + 1, today.month, 1), problems, "bulan")
    rows = pd.DataFrame({"offtaker_id": parsed["offtaker"], "month": parsed["bulan"], "product": parsed["produk"],
                         "quantity": parsed["jumlah"], "unit": parsed["satuan"], "value_rupiah": parsed["nilai"]},
                        index=parsed.index)
    return rows, ("offtaker_id", "month", "product")


RULES = {"income": _rules_income, "groups": _rules_groups, "members": _rules_members,
         "business": _rules_business, "sales": _rules_sales, "orders": _rules_orders}
KEY_COLUMN = {"member_id": "bulan", "month": "bulan", "kube_id": "kode_kube", "nik_hash": "nik",
              "offtaker_id": "offtaker", "channel": "saluran", "product": "produk"}


def validate(con: duckdb.DuckDBPyConnection, kind_name: str, frame: pd.DataFrame, replace: bool = False,
             today: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, tuple[str, ...]]:
    """(rows to store, rejections, flags for review, key columns). Rejections name row, column, value, reason."""
    today = today or date.today()
    kind = KINDS[kind_name]
    headers = _headers(kind, frame)
    problems = _Problems(frame, headers)
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


def _typed(rows: pd.DataFrame, kind: Kind) -> pd.DataFrame:
    out = rows.copy()
    for column in out.columns:
        if column in ("month", "joined_on", "exited_on", "formed_on", "reported_on"):
            out[column] = pd.to_datetime(out[column]).dt.date
    return out


def _store(con, kind: Kind, rows: pd.DataFrame, key: tuple[str, ...], file_name: str, digest: str):
    rows = _typed(rows, kind)
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
        columns = [c for c in rows.columns]
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


def read_report(data: bytes, file_name: str) -> pd.DataFrame:
    return read_bytes(data, file_name)


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


