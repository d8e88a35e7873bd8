"""Storing checked rows: one transaction (the batch, the audit of replaced rows, the rows, which
regions the batch touched, a new NIK key's fingerprint), then the marts refreshed for what the
file touched. A failure never surfaces as a traceback: `ImportFailed` says what was kept
(nothing, or the rows with marts still to refresh) and the command that completes it."""
from __future__ import annotations

import json
import logging
from datetime import date, datetime

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from analytics.ingest import nik_key
from analytics.ingest.kinds import KINDS, Kind
from analytics.ingest.privacy import scrub
from analytics.ingest.rules import lookup
from analytics.metrics.refresh import refresh
from analytics.store import StoreError

log = logging.getLogger(__name__)
DATE_COLUMNS = ("month", "joined_on", "exited_on", "formed_on", "reported_on", "period")


class ImportFailed(StoreError):
    """Storing or refreshing failed; the message says what was kept and how to complete it."""


def _cause(exc: BaseException) -> str:
    return scrub(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:300]


def _typed(rows: pd.DataFrame) -> pd.DataFrame:
    """Dates as Arrow date32 (DuckDB reads them as DATE without a per-row Python object)."""
    out = rows.copy()
    for column in out.columns:
        if column in DATE_COLUMNS:
            days = pa.array(pd.to_datetime(out[column]).to_numpy(), from_pandas=True).cast(pa.date32())
            out[column] = pd.Series(pd.array(days, dtype=pd.ArrowDtype(pa.date32())), index=out.index)
    return out


def _row_keys(frame: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """'1/2020-02': key values joined, months as YYYY-MM."""
    parts = [pd.to_datetime(frame[c]).dt.strftime("%Y-%m") if c in ("month", "period") else frame[c].astype(str)
             for c in key]
    return pd.concat(parts, axis=1).agg("/".join, axis=1)


def _assign_member_ids(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Known NIKs keep their member id and pseudonym (replace); new ones get the next ids."""
    existing = lookup(con, "SELECT nik_hash, member_id FROM members WHERE nik_hash IN (SELECT k FROM {keys})",
                      rows["nik_hash"], "keys_members")
    start = con.execute("SELECT coalesce(max(member_id), 0) FROM members").fetchall()[0][0]
    new = existing.isna()
    ids = existing.copy()
    ids[new] = np.arange(start + 1, start + 1 + int(new.sum()))
    out = rows.copy()
    out.insert(0, "member_id", ids.astype(int))
    out.insert(1, "pseudonym", [f"AGT-{i:07d}" for i in out["member_id"]])
    return out


REGION_VIA = {"income": "JOIN members m USING (member_id) JOIN kube k USING (kube_id)",
              "members": "JOIN kube k USING (kube_id)", "business": "JOIN kube k USING (kube_id)",
              "sales": "JOIN kube k USING (kube_id)", "groups": "JOIN kube k USING (kube_id)",
              "orders": "JOIN offtakers k USING (offtaker_id)"}


def batch_regions(con: duckdb.DuckDBPyConnection, kind_name: str, batch_id: int) -> None:
    """Which regencies a batch touched (for 'last import per region')."""
    if kind_name not in REGION_VIA:
        return
    con.execute(f"""INSERT INTO import_batch_regions
                    SELECT ?, k.regency_code, count(*) FROM incoming n {REGION_VIA[kind_name]}
                    WHERE k.regency_code IS NOT NULL GROUP BY k.regency_code""", [batch_id])


def _audit(con: duckdb.DuckDBPyConnection, old: pd.DataFrame, batch_id: int, kind: Kind, key: tuple[str, ...]) -> None:
    next_id = con.execute("SELECT coalesce(max(audit_id), 0) FROM audit_log").fetchall()[0][0]
    audit = pd.DataFrame({
        "audit_id": np.arange(next_id + 1, next_id + 1 + len(old)), "logged_at": datetime.now(), "batch_id": batch_id,
        "action": "replace", "table_name": kind.table, "row_key": _row_keys(old, key),
        "old_value": [json.dumps(r, default=str) for r in old.to_dict(orient="records")], "new_value": None})
    con.register("audit_rows", audit)
    con.execute("INSERT INTO audit_log SELECT * FROM audit_rows")
    con.unregister("audit_rows")


def store_rows(con: duckdb.DuckDBPyConnection, kind_name: str, rows: pd.DataFrame, key: tuple[str, ...],
               file_name: str, digest: str, key_state: nik_key.NikKey | None = None,
               note: str | None = None) -> tuple[int, int, int]:
    """(batch id, rows inserted, rows replaced): all of the file in one transaction, or nothing."""
    kind = KINDS[kind_name]
    rows = _typed(rows)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchall()[0][0]
        con.execute("INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [batch_id, kind.name, file_name, digest, len(rows), datetime.now(), note])
        if kind.name == "members":
            rows = _assign_member_ids(con, rows)
        if key_state is not None:
            nik_key.persist(con, key_state)
        con.register("incoming", rows.reset_index(drop=True))
        condition = " AND ".join(f"t.{c} = n.{c}" for c in key)
        old = con.execute(f"SELECT t.* FROM {kind.table} t JOIN incoming n ON {condition}").df()
        if not old.empty:
            _audit(con, old, batch_id, kind, key)
            con.execute(f"DELETE FROM {kind.table} t WHERE EXISTS (SELECT 1 FROM incoming n WHERE {condition})")
        columns = list(rows.columns)
        has_batch = "batch_id" in [r[0] for r in con.execute(f"DESCRIBE {kind.table}").fetchall()]
        names = ", ".join(columns + (["batch_id"] if has_batch else []))
        select = ", ".join([f"n.{c}" for c in columns] + (["$batch"] if has_batch else []))
        sql = f"INSERT INTO {kind.table} ({names}) SELECT {select} FROM incoming n"
        con.execute(sql, {"batch": batch_id} if has_batch else None)
        batch_regions(con, kind.name, batch_id)
        con.unregister("incoming")
        con.execute("COMMIT")
    except Exception as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        log.exception("storing %s failed", file_name)
        raise ImportFailed(
            f"Penyimpanan gagal ({_cause(exc)}); tidak ada yang disimpan, basis data tetap seperti sebelumnya. Impor "
            f"file yang sama lagi setelah masalahnya diatasi: python -m analytics import FILE --kind {kind.name} / "
            "Storing failed; nothing was stored and the database is as it was. Import the same file again once the "
            "problem is solved.") from None
    return batch_id, len(rows) - len(old), len(old)


def _touched(con: duckdb.DuckDBPyConnection, kind_name: str, rows: pd.DataFrame) -> tuple[list[int] | None, date] | None:
    """(members whose marts change, the earliest month that changed); None when nothing to refresh."""
    if kind_name == "orders" or rows.empty:
        return None
    if kind_name == "income":
        return rows["member_id"].astype(int).tolist(), min(rows["month"])
    if kind_name in ("poverty_lines", "minimum_wages"):
        provinces = sorted(set(rows["province_code"]))
        start = (min(rows["period"]) if kind_name == "poverty_lines" else date(int(rows["year"].min()), 1, 1))
        if "00" in provinces:
            return None, start
        con.register("touched_provinces", pd.DataFrame({"p": provinces}))
        members = [r[0] for r in con.execute("""SELECT m.member_id FROM members m JOIN kube k USING (kube_id)
                                                WHERE left(k.regency_code, 2) IN (SELECT p FROM touched_provinces)""").fetchall()]
        con.unregister("touched_provinces")
        return members, start
    kubes = rows["kube_id"].dropna().astype(int).unique().tolist()
    con.register("touched_kubes", pd.DataFrame({"kube_id": kubes}))
    members = [r[0] for r in con.execute(
        "SELECT member_id FROM members WHERE kube_id IN (SELECT kube_id FROM touched_kubes)").fetchall()]
    con.unregister("touched_kubes")
    dates = rows[[c for c in ("month", "joined_on", "formed_on") if c in rows]].stack()
    return members, min(pd.to_datetime(dates)).date().replace(day=1)


def refresh_after(con: duckdb.DuckDBPyConnection, kind_name: str, rows: pd.DataFrame, batch_id: int,
                  db_hint: str = "") -> None:
    """Refresh the marts for what the file touched; on failure the rows stay and the message says so."""
    try:
        touched = _touched(con, kind_name, rows)
        if touched is None:
            return
        members, start = touched
        if members is None:
            refresh(con)
        else:                # also with no member: the refresh records that the marts match the data
            refresh(con, members=members, from_month=start)
    except Exception as exc:
        log.exception("refresh after batch %s failed", batch_id)
        raise ImportFailed(
            f"Data tersimpan sebagai batch {batch_id} ({len(rows):,} baris), tetapi indikator belum diperbarui "
            f"({_cause(exc)}). Lengkapi dengan: python -m analytics refresh{db_hint} / Stored as batch {batch_id} "
            f"({len(rows):,} rows), but the figures were not refreshed. Complete it with: python -m analytics "
            f"refresh{db_hint}") from None
