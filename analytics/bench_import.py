"""`python -m analytics bench-import`: validation and storing of a large income file, without the
refresh, on a copy of a database (figures printed, never asserted by tests).

The latest `rows` income reports are taken out of the copy and written as an operator's CSV
(pseudonyms, 'Rp 1.234.567', 'YYYY-MM'); importing that file puts them back. Timed: reading the
file (decode, header, row classification), validation (parsing, schema, rules, duplicate and
stored-key checks) and storing (one transaction)."""
from __future__ import annotations

import resource
import shutil
import time
from datetime import date
from pathlib import Path

from analytics.ingest.engine import _digest
from analytics.ingest.storing import store_rows
from analytics.ingest.validate import read_for, validate_grid
from analytics.store import open_store


def _operator_csv(con, rows: int, target: Path) -> int:
    """Write the latest `rows` reports as an operator's CSV and delete them from the database."""
    frame = con.execute("""SELECT m.pseudonym AS anggota, strftime(i.month, '%Y-%m') AS bulan,
                                  'Rp ' || replace(format('{:,}', i.income_rupiah), ',', '.') AS pendapatan
                           FROM member_income i JOIN members m USING (member_id)
                           QUALIFY row_number() OVER (PARTITION BY i.member_id, i.month ORDER BY i.reported_on DESC) = 1
                           ORDER BY i.month DESC, i.member_id LIMIT ?""", [rows]).df()
    frame.to_csv(target, index=False)
    con.execute("CREATE TEMP TABLE taken AS SELECT m.member_id, strptime(f.bulan, '%Y-%m')::DATE AS month "
                "FROM frame f JOIN members m ON m.pseudonym = f.anggota")
    con.execute("DELETE FROM member_income WHERE (member_id, month) IN (SELECT member_id, month FROM taken)")
    con.execute("CHECKPOINT")
    return len(frame)


def run(path: Path, rows: int = 1_000_000, keep: bool = False) -> dict[str, float]:
    """Print and return the phase timings in seconds."""
    work = path.with_name(f"{path.stem}-bench-import.duckdb")
    csv = work.with_suffix(".csv")
    print(f"copying {path} to {work} ...", flush=True)
    shutil.copy(path, work)
    try:
        con = open_store(work)
        total_rows = con.execute("SELECT count(*) FROM member_income").fetchall()[0][0]
        written = _operator_csv(con, rows, csv)
        data = csv.read_bytes()
        print(f"database: {total_rows:,} income rows; file: {written:,} rows, {len(data) / 2**20:.1f} MB", flush=True)
        figures: dict[str, float] = {}
        started = time.perf_counter()
        grid = read_for("income", data, csv.name)
        figures["read (decode, cells)"] = time.perf_counter() - started
        step = time.perf_counter()
        validation = validate_grid(con, "income", grid, today=date.today())
        figures["validate (header, rows, parse, rules, keys)"] = time.perf_counter() - step
        assert validation.rejected.empty, validation.rejected.head()
        step = time.perf_counter()
        _, inserted, _ = store_rows(con, "income", validation.rows, validation.key, csv.name, _digest(data, None))
        figures["store (one transaction)"] = time.perf_counter() - step
        figures["total without refresh"] = time.perf_counter() - started
        con.close()
        for name, seconds in figures.items():
            print(f"{name:<48} {seconds:7.1f} s", flush=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"{inserted:,} rows stored; peak memory {peak / 2**30:.2f} GiB (target: total <= 20 s)", flush=True)
        return figures
    finally:
        if keep:
            print(f"kept {work} and {csv}")
        else:
            for leftover in (work, work.with_name(work.name + ".wal"), csv):
                leftover.unlink(missing_ok=True)
