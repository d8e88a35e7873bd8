"""Monthly income reports: validate every row, then store the whole file or nothing."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest.read import ReportFileError, read_table
from analytics.ingest.values import parse_date, parse_month, parse_rupiah
from analytics.metrics.refresh import refresh

# Template columns (Bahasa Indonesia) and the English names also accepted.
COLUMNS = {
    "anggota": ("anggota", "member", "pseudonym"),
    "bulan": ("bulan", "month"),
    "pendapatan": ("pendapatan", "income", "pendapatan_rumah_tangga"),
    "jumlah_art": ("jumlah_art", "household_size"),
    "tanggal_lapor": ("tanggal_lapor", "reported_on"),
}
REQUIRED = ("anggota", "bulan", "pendapatan")
OUTLIER_FACTOR = 8.0


@dataclass
class ImportResult:
    batch_id: int | None
    rows: int
    inserted: int = 0
    replaced: int = 0
    already_imported: bool = False
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "value", "reason"]))
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "column", "value", "reason"]))

    @property
    def ok(self) -> bool:
        return self.rejected.empty


def _columns(frame: pd.DataFrame) -> dict[str, str | None]:
    found = {}
    for name, aliases in COLUMNS.items():
        found[name] = next((a for a in aliases if a in frame.columns), None)
    missing = [n for n in REQUIRED if found[n] is None]
    if missing:
        raise ReportFileError(f"missing column(s) {', '.join(missing)}; the file has: {', '.join(frame.columns)}")
    return found


def validate(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, replace: bool,
             today: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(clean rows, rejections, flags for review). A rejection names row, column, value, reason."""
    today = today or date.today()
    cols = _columns(frame)
    problems, flags, rows = [], [], []

    def reject(row: int, column: str, value: object, reason: str) -> None:
        problems.append((row, column, str(value), reason))

    known = dict(con.execute("SELECT pseudonym, member_id FROM members").fetchall())
    for row, record in frame.iterrows():
        member_text = record[cols["anggota"]]
        member_id = known.get(member_text)
        if member_id is None:
            reject(row, cols["anggota"], member_text, "anggota tidak dikenal / unknown member")
        try:
            month = parse_month(record[cols["bulan"]])
            if month > date(today.year, today.month, 1):
                reject(row, cols["bulan"], record[cols["bulan"]], "bulan di masa depan / month in the future")
        except ValueError as exc:
            month = None
            reject(row, cols["bulan"], record[cols["bulan"]], f"bulan tidak terbaca / {exc}")
        try:
            income = parse_rupiah(record[cols["pendapatan"]])
            if income < 0:
                reject(row, cols["pendapatan"], record[cols["pendapatan"]], "pendapatan negatif / negative income")
        except ValueError as exc:
            income = None
            reject(row, cols["pendapatan"], record[cols["pendapatan"]], f"jumlah tidak terbaca / {exc}")
        size = None
        if cols["jumlah_art"] and record[cols["jumlah_art"]]:
            text = record[cols["jumlah_art"]]
            if text.isdigit() and 1 <= int(text) <= 30:
                size = int(text)
            else:
                reject(row, cols["jumlah_art"], text, "jumlah anggota rumah tangga harus 1-30 / household size must be 1-30")
        reported = today
        if cols["tanggal_lapor"] and record[cols["tanggal_lapor"]]:
            try:
                reported = parse_date(record[cols["tanggal_lapor"]])
            except ValueError as exc:
                reject(row, cols["tanggal_lapor"], record[cols["tanggal_lapor"]], f"tanggal tidak terbaca / {exc}")
        rows.append((row, member_id, month, income, size, reported))

    clean = pd.DataFrame(rows, columns=["row", "member_id", "month", "income_rupiah", "household_size", "reported_on"])
    usable = clean.dropna(subset=["member_id", "month"])
    dup = usable[usable.duplicated(["member_id", "month"], keep=False)]
    for r in dup.itertuples():
        reject(r.row, cols["bulan"], f"{frame.loc[r.row, cols['anggota']]} {r.month:%Y-%m}",
               "laporan ganda dalam file / duplicate (member, month) in the file")
    typical: dict[int, float] = {}
    if not usable.empty:
        con.register("incoming_keys", usable[["row", "member_id", "month"]].astype({"member_id": "int32"}))
        if not replace:
            stored = con.execute("""SELECT k.row, k.month FROM incoming_keys k
                                    JOIN member_income i ON i.member_id = k.member_id AND i.month = k.month""").fetchall()
            for row, month in stored:
                reject(row, cols["bulan"], f"{frame.loc[row, cols['anggota']]} {month:%Y-%m}",
                       "sudah ada laporan untuk bulan ini; pakai --replace untuk mengganti / already reported; use --replace")
        # Medians of the file's members only: the whole table is tens of millions of rows.
        typical = dict(con.execute("""SELECT member_id, median(income_rupiah) FROM member_income
                                      WHERE member_id IN (SELECT member_id FROM incoming_keys)
                                      GROUP BY member_id""").fetchall())
        con.unregister("incoming_keys")
    for r in usable.dropna(subset=["income_rupiah"]).itertuples():
        base = typical.get(r.member_id)
        if base and (r.income_rupiah > base * OUTLIER_FACTOR or r.income_rupiah < base / OUTLIER_FACTOR):
            flags.append((r.row, cols["pendapatan"], str(frame.loc[r.row, cols["pendapatan"]]),
                          f"jauh dari median anggota (Rp{base:,.0f}); diperiksa, tidak ditolak / far from the member's median; kept, flagged"))
    rejected = pd.DataFrame(problems, columns=["row", "column", "value", "reason"]).sort_values(["row", "column"])
    return clean, rejected.reset_index(drop=True), pd.DataFrame(flags, columns=["row", "column", "value", "reason"])


def import_income(con: duckdb.DuckDBPyConnection, path: Path, replace: bool = False,
                  today: date | None = None) -> ImportResult:
    """Import a monthly income file: whole or nothing, idempotent, history kept on replace."""
    path = Path(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    frame = read_table(path)
    seen = con.execute("SELECT batch_id FROM import_batches WHERE kind = 'income' AND content_hash = ?",
                       [digest]).fetchall()
    if seen:
        return ImportResult(seen[0][0], len(frame), already_imported=True)
    clean, rejected, flagged = validate(con, frame, replace, today)
    if not rejected.empty:
        return ImportResult(None, len(frame), rejected=rejected, flagged=flagged)
    clean = clean.astype({"member_id": "int32", "income_rupiah": "int64"})
    clean["household_size"] = clean["household_size"].astype("Int16")
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchall()[0][0]
        con.execute("INSERT INTO import_batches VALUES (?, 'income', ?, ?, ?, ?, NULL)",
                    [batch_id, path.name, digest, len(clean), datetime.now()])
        con.register("incoming", clean.assign(batch_id=batch_id))
        old = con.execute("""SELECT i.member_id, i.month, i.income_rupiah, i.household_size, i.reported_on, i.batch_id
                             FROM member_income i JOIN incoming n USING (member_id, month)""").df()
        if not old.empty:
            next_id = con.execute("SELECT coalesce(max(audit_id), 0) FROM audit_log").fetchall()[0][0]
            audit = [(next_id + k + 1, datetime.now(), batch_id, "replace", "member_income",
                      f"{r.member_id}/{pd.Timestamp(r.month):%Y-%m}",
                      json.dumps({"income_rupiah": int(r.income_rupiah), "batch_id": None if pd.isna(r.batch_id) else int(r.batch_id)}),
                      None) for k, r in enumerate(old.itertuples())]
            con.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", audit)
            con.execute("DELETE FROM member_income WHERE (member_id, month) IN (SELECT member_id, month FROM incoming)")
        con.execute("""INSERT INTO member_income (member_id, month, income_rupiah, reported_on, batch_id, household_size)
                       SELECT member_id, month, income_rupiah, reported_on, batch_id, household_size FROM incoming""")
        con.unregister("incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    if len(clean):
        refresh(con, members=clean["member_id"].tolist(), from_month=min(clean["month"]))
    return ImportResult(batch_id, len(frame), inserted=len(clean) - len(old), replaced=len(old), flagged=flagged)
