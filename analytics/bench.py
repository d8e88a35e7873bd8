"""`python -m analytics bench`: measured figures (printed, never asserted by tests)."""
from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pandas as pd

from analytics.access.scope import Scope
from analytics.metrics import queries
from analytics.metrics.refresh import refresh
from analytics.store import open_store

DASHBOARD_MEMORY_LIMIT = "2GB"
NATION = Scope.nation()          # a benchmark reads as the ministry does


def timed(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """Median and worst wall time in milliseconds over `repeat` calls (after one warm-up)."""
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), max(runs)


def page_queries(con: duckdb.DuckDBPyConnection, month: date) -> dict[str, Callable[[], object]]:
    """The queries the pages make, by name."""
    return {
        "map values, provinces, one month": lambda: queries.map_values(con, "provinsi", month, scope=NATION),
        "map values, regencies of a province (drill-down)": lambda: queries.map_values(con, "kabupaten", month,
                                                                                       parent="72", scope=NATION),
        "trend of a region (nation)": lambda: queries.region_trend(con, "00", scope=NATION),
        "trend of a region (province 72)": lambda: queries.region_trend(con, "72", scope=NATION),
        "pl_ratio distribution, one year, nation": lambda: queries.pl_ratio_distribution(con, month.year - 1, scope=NATION),
        "ranked regencies": lambda: queries.ranked_regions(con, "kabupaten", month, scope=NATION),
        "facilitator table": lambda: queries.facilitator_table(con, month, scope=NATION),
    }


def pandas_equivalents(con: duckdb.DuckDBPyConnection, month: date) -> dict[str, Callable[[], object]]:
    """The same answers computed from the raw income table with pandas (what marts save)."""
    members = con.execute("""SELECT m.member_id, m.household_size, k.regency_code, left(k.regency_code, 2) AS province_code
                             FROM members m JOIN kube k USING (kube_id)""").df().set_index("member_id")
    lines = con.execute("SELECT province_code, line_per_capita FROM poverty_lines QUALIFY "
                        "row_number() OVER (PARTITION BY province_code ORDER BY period DESC) = 1").df()
    line = dict(zip(lines["province_code"], lines["line_per_capita"]))

    def load(since: date) -> pd.DataFrame:
        return con.execute("SELECT member_id, month, income_rupiah FROM member_income WHERE month >= ?", [since]).df()

    def share_steady_by(level: str) -> pd.Series:
        start = (pd.Timestamp(month) - pd.DateOffset(months=5)).date()
        raw = load(start).drop_duplicates(["member_id", "month"], keep="last")
        raw = raw.join(members, on="member_id")
        raw["ratio"] = raw["income_rupiah"] / raw["household_size"] / raw["province_code"].map(line).fillna(600_000)
        g = raw.groupby("member_id").agg(n=("ratio", "size"), low=("ratio", "min"), mean=("ratio", "mean"),
                                         sd=("ratio", "std"), region=(level, "first"))
        g["steady"] = (g["n"] == 6) & (g["low"] >= 1) & (g["sd"] / g["mean"] <= 0.3)
        return g.groupby("region")["steady"].mean()

    def national_trend() -> pd.Series:
        raw = load(date(1900, 1, 1)).join(members, on="member_id")
        raw["ratio"] = raw["income_rupiah"] / raw["household_size"] / raw["province_code"].map(line).fillna(600_000)
        return raw.groupby("month")["ratio"].median()

    def distribution() -> pd.Series:
        raw = load(date(month.year - 1, 1, 1))
        raw = raw[raw["month"] < pd.Timestamp(month.year, 1, 1)].join(members, on="member_id")
        ratio = raw["income_rupiah"] / raw["household_size"] / raw["province_code"].map(line).fillna(600_000)
        return pd.Series(np.floor(ratio.clip(upper=4) * 10) / 10).value_counts()

    return {
        "map values, provinces, one month": lambda: share_steady_by("province_code"),
        "trend of a region (nation)": national_trend,
        "pl_ratio distribution, one year, nation": distribution,
        "ranked regencies": lambda: share_steady_by("regency_code").sort_values(),
    }


def _refresh_in_child(path: str) -> tuple[float, int, dict[str, float], float]:
    """A full refresh in a fresh process: seconds, members, seconds per model, peak memory (GiB)."""
    con = open_store(path)
    started = time.perf_counter()
    result = refresh(con)
    seconds = time.perf_counter() - started
    con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 2**30
    return seconds, result.members, result.seconds, peak


def _pandas_in_child(path: str, month: date) -> dict[str, float]:
    con = open_store(path, read_only=True)
    out = {}
    for name, fn in pandas_equivalents(con, month).items():
        started = time.perf_counter()
        fn()
        out[name] = (time.perf_counter() - started) * 1000
    return out


def _in_child(fn: Callable, *args: object) -> object:
    """Run `fn` in a fresh process, so its memory does not count as the dashboard's."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _impact_in_child(path: str) -> tuple[float, float, float, int]:
    from analytics.impact import service
    con = open_store(path)
    started = time.perf_counter()
    frame = service.cells(con, scope=NATION)
    cells_seconds = time.perf_counter() - started
    impact = service.estimate(con, use_cache=False, scope=NATION)
    cached_started = time.perf_counter()
    service.estimate(con, scope=NATION)
    cached = time.perf_counter() - cached_started
    con.close()
    return impact.seconds, cells_seconds, cached, len(frame)


def _exports_in_child(path: str) -> dict[str, float]:
    from analytics.charts import figures
    from analytics.export import briefing
    from analytics.export.annotate import Provenance, for_export
    from analytics.export.images import image_bytes

    con = open_store(path, read_only=True)
    out = {}
    started = time.perf_counter()
    b = briefing.build(con, "72", scope=NATION)
    briefing.to_pdf(b)
    out["briefing PDF, province 72, first in a process (starts Chromium)"] = time.perf_counter() - started
    started = time.perf_counter()
    briefing.to_pdf(briefing.build(con, "00", scope=NATION))
    out["briefing PDF, Indonesia, later"] = time.perf_counter() - started
    fig = figures.status_trend(queries.region_trend(con, "72", scope=NATION), "id", "Status", "Sulawesi Tengah")
    prov = Provenance("id", queries.latest_month(con, scope=NATION), "thresholds", True)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        image_bytes(for_export(fig, prov), "png")
        times.append(time.perf_counter() - started)
    out["chart PNG after the first (median of 5)"] = statistics.median(times)
    con.close()
    return out


def _import_in_child(path: str, rows: int) -> dict[str, float]:
    """Take the latest `rows` income reports out of a copy of the database, write them as an
    operator's CSV (pseudonyms, 'Rp 1.500.000', 'YYYY-MM'), then import that file: validation,
    storing and the incremental refresh."""
    import shutil
    import tempfile

    from analytics.ingest.engine import import_file
    work = Path(tempfile.mkdtemp()) / "import-bench.duckdb"
    shutil.copy(path, work)
    con = open_store(work)
    frame = con.execute(f"""SELECT m.pseudonym AS anggota, strftime(i.month, '%Y-%m') AS bulan,
                                   'Rp ' || replace(format('{{:,}}', i.income_rupiah), ',', '.') AS pendapatan
                            FROM member_income i JOIN members m USING (member_id)
                            QUALIFY row_number() OVER (PARTITION BY i.member_id, i.month ORDER BY i.reported_on DESC) = 1
                            ORDER BY i.month DESC, i.member_id LIMIT {rows}""").df()
    csv = work.with_suffix(".csv")
    frame.to_csv(csv, index=False)
    con.execute("CREATE TEMP TABLE taken AS SELECT m.member_id, strptime(f.bulan, '%Y-%m')::DATE AS month "
                "FROM frame f JOIN members m ON m.pseudonym = f.anggota")
    con.execute("DELETE FROM member_income WHERE (member_id, month) IN (SELECT member_id, month FROM taken)")
    started = time.perf_counter()
    result = import_file(con, csv, "income")
    seconds = time.perf_counter() - started
    assert result.ok, result.rejected.head()
    con.close()
    shutil.rmtree(work.parent)
    return {"rows": float(len(frame)), "seconds": seconds, "inserted": float(result.inserted)}


def run(path: Path, do_refresh: bool = True, pandas_compare: bool = True, impact: bool = True,
        import_rows: int = 1_000_000) -> None:
    """Print the refresh time, page query times, pandas ratios and the dashboard's peak memory."""
    if do_refresh:
        seconds, members, steps, peak = _in_child(_refresh_in_child, str(path))
        print(f"full refresh: {seconds:.1f} s for {members:,} members (target <= 300 s, aim 120 s); "
              f"peak memory {peak:.2f} GiB (target <= 8 GiB)", flush=True)
        print("  " + ", ".join(f"{name} {s:.1f} s" for name, s in steps.items()), flush=True)
    con = open_store(path, read_only=True, memory_limit=DASHBOARD_MEMORY_LIMIT)
    rows = con.execute("SELECT count(*) FROM member_income").fetchall()[0][0]
    month = queries.default_month(con, scope=NATION)
    print(f"database: {path} ({rows:,} income rows), latest complete month {month} "
          f"(data to {queries.latest_month(con, scope=NATION)})")
    print(f"{'page query':<52} {'median ms':>10} {'worst ms':>10}")
    mart_ms = {}
    for name, fn in page_queries(con, month).items():
        median, worst = timed(fn)
        mart_ms[name] = median
        print(f"{name:<52} {median:>10.1f} {worst:>10.1f}", flush=True)
    print("(target: median <= 200 ms each)")
    con.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"peak memory of the querying process (DuckDB limit {DASHBOARD_MEMORY_LIMIT}): {peak / 2**30:.2f} GiB "
          "(target <= 3 GiB)")
    if impact:
        seconds, cells_seconds, cached, cells = _in_child(_impact_in_child, str(path))
        print(f"impact estimate (3 outcomes, events -12..36, subgroups): {seconds:.1f} s, of which cells query "
              f"{cells_seconds:.1f} s ({cells:,} cells); cached read {cached * 1000:.0f} ms (target <= 60 s)", flush=True)
    for name, seconds in _in_child(_exports_in_child, str(path)).items():
        print(f"{name:<66} {seconds:6.2f} s", flush=True)
    print("(targets: briefing PDF <= 10 s; chart PNG after the first <= 2 s)")
    if import_rows:
        figures = _in_child(_import_in_child, str(path), import_rows)
        print(f"import of a {figures['rows']:,.0f}-row income CSV (validation, store, refresh): "
              f"{figures['seconds']:.1f} s (target <= 60 s)", flush=True)
    if pandas_compare:
        print(f"{'same answer from raw rows with pandas':<52} {'ms':>10} {'ratio':>10}")
        for name, ms in _in_child(_pandas_in_child, str(path), month).items():
            print(f"{name:<52} {ms:>10.0f} {ms / mart_ms[name]:>9.0f}x", flush=True)
