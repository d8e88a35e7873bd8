"""`python -m analytics bench-load`: N concurrent sessions at Streamlit's protocol level.

Each session opens Ringkasan, then Peta, drills down into a province (the province filter, as
the map's click sets it), and changes a filter (a commodity); every step is one script run,
timed from the message sent to the server's `script_finished`. The server runs behind the
same HAProxy and writer as `make serve`, with 1 and with 2 dashboard processes, on a copy of
the database (never the original), loopback only, each level bounded in time. The same is run
while an import goes through the writer: it must publish, and no session may see an error or
a run that mixes two versions. Figures are printed, never asserted.
"""
from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from analytics.serving import jobs, serve
from analytics.serving.layout import Store
from analytics.ui.protocol import ProtocolError, Run, Session, choose
from analytics.serving.writer import submit_and_wait
from analytics.store import StoreError

STEPS = ("ringkasan", "peta", "drill-down", "filter")
ALL = "— semua —"
LEVEL_SECONDS = 600           # a level (one N) never runs longer than this


@dataclass
class Level:
    """What one level of load saw."""

    workers: int
    sessions: int
    runs: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    errors: list[str] = field(default_factory=list)
    versions_seen: set[int] = field(default_factory=set)
    memory_mib: float = 0.0
    servers: set[str] = field(default_factory=set)
    last_versions: list[int] = field(default_factory=list)   # the version each session ended on
    wall: float = 0.0
    note: str = ""

    def all_runs(self) -> list[float]:
        return [s for runs in self.runs.values() for s in runs]


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _record(level: Level, step: str, run: Run) -> None:
    level.runs[step].append(run.seconds)
    level.versions_seen |= run.versions
    for problem in run.exceptions + run.errors:
        level.errors.append(f"{step}: {problem}")
    if len(run.versions) > 1:
        level.errors.append(f"{step}: one run showed versions {sorted(run.versions)}")


async def _session(base: str, index: int, level: Level, timeout: float, until: threading.Event | None,
                   rounds: int, deadline: float) -> None:
    await asyncio.sleep((index % 10) * 0.1)               # sessions arrive over a second
    session = Session(base, timeout)
    try:
        await session.open()
        if session.server:
            level.servers.add(session.server)
        done, rounds_after = 0, None
        last: set[int] = set()
        while time.monotonic() < deadline:
            reset = []
            if done:                                       # back to the whole country, every commodity
                reset = [choose(session.widgets["Provinsi"], ALL), choose(session.widgets["Komoditas"], ALL)]
            _record(level, "ringkasan", await session.run(page="ringkasan" if done else None, widgets=reset))
            _record(level, "peta", await session.run(page="peta"))
            provinces = session.widgets["Provinsi"].options
            target = provinces[1 + (index + done) % (len(provinces) - 1)]
            _record(level, "drill-down", await session.run(widgets=[choose(session.widgets["Provinsi"], target)]))
            commodities = session.widgets["Komoditas"].options
            pick = commodities[1 + (index + done) % (len(commodities) - 1)]
            run = await session.run(widgets=[choose(session.widgets["Komoditas"], pick)])
            _record(level, "filter", run)
            last = run.versions or last
            done += 1
            if until is None and done >= rounds:
                break
            if until is not None and until.is_set():      # one more whole round on the new version
                rounds_after = 0 if rounds_after is None else rounds_after + 1
                if rounds_after >= 1:
                    break
        level.last_versions.extend(last)
    except (ProtocolError, OSError, KeyError) as exc:
        level.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    finally:
        await session.close()


def _rss(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def run_level(base: str, workers: list[int], n: int, timeout: float, rounds: int = 1,
              until: threading.Event | None = None, workers_count: int = 1) -> Level:
    """Run `n` sessions at once against `base`; peak resident memory of the dashboards sampled."""
    level = Level(workers_count, n)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.25):
            level.memory_mib = max(level.memory_mib, _rss(workers))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    deadline = started + LEVEL_SECONDS

    async def all_sessions() -> None:
        await asyncio.gather(*(_session(base, i, level, timeout, until, rounds, deadline) for i in range(n)))

    asyncio.run(all_sessions())
    level.wall = time.monotonic() - started
    stop.set()
    sampler.join()
    return level


def import_file(store: Store, rows: int, folder: Path) -> Path:
    """A monthly income report taken from the store: its latest `rows` reports, amounts +3%."""
    from analytics.serving.reader import attach_read_only

    con = attach_read_only(store.current())
    try:
        frame = con.execute("""SELECT m.pseudonym AS anggota, strftime(i.month, '%Y-%m') AS bulan,
                                      'Rp ' || replace(format('{:,}', CAST(round(i.income_rupiah * 1.03) AS BIGINT)),
                                                       ',', '.') AS pendapatan
                               FROM member_income i JOIN members m USING (member_id)
                               QUALIFY row_number() OVER (PARTITION BY i.member_id, i.month
                                                          ORDER BY i.reported_on DESC) = 1
                               ORDER BY i.month DESC, i.member_id LIMIT ?""", [rows]).df()
    finally:
        con.close()
    path = folder / "laporan_bulanan.csv"
    frame.to_csv(path, index=False)
    return path


def run_with_import(base: str, store: Store, workers: list[int], n: int, timeout: float, rows: int,
                    folder: Path, workers_count: int) -> tuple[Level, jobs.Job]:
    """`n` sessions going round until an import submitted after they started has ended."""
    csv = import_file(store, rows, folder)
    done = threading.Event()
    result: dict[str, jobs.Job] = {}

    def importer() -> None:
        time.sleep(3)                                     # the sessions are running
        result["job"] = submit_and_wait(store, "import", {"file_name": csv.name, "kind": "income",
                                                          "replace": True}, payload=csv.read_bytes())
        done.set()

    thread = threading.Thread(target=importer, daemon=True)
    thread.start()
    level = run_level(base, workers, n, timeout, rounds=1, until=done, workers_count=workers_count)
    thread.join(timeout=LEVEL_SECONDS)
    if "job" not in result:
        raise StoreError("the import did not end while the sessions ran")
    return level, result["job"]


def _row(level: Level) -> str:
    """One printed line, and the first errors (if any) below it."""
    runs = level.all_runs()
    per_step = "  ".join(f"{s} {_pct(level.runs[s], 0.95):5.2f}" for s in STEPS)
    return (f"{level.workers:>7} {level.sessions:>8} {len(runs):>5} {_pct(runs, 0.5):6.2f} {_pct(runs, 0.95):6.2f} "
            f"{max(runs) if runs else float('nan'):6.2f} {len(level.errors):>6} {level.memory_mib:>9.0f} "
            f"{len(runs) / level.wall if level.wall else 0:>6.1f}  "
            f"{per_step}{level.note}" + "".join(f"\n    error: {e}" for e in level.errors[:3]))


HEADER = (f"{'workers':>7} {'sessions':>8} {'runs':>5} {'p50 s':>6} {'p95 s':>6} {'max s':>6} {'errors':>6} "
          f"{'peak MiB':>9} {'runs/s':>6}  p95 by step (s)")


def prepare(source: Store, folder: Path) -> Store:
    """A private copy of the published version, published once so pages name their version."""
    current = source.current()
    if current is None:
        raise StoreError(f"No database at {source.link} (make run builds the demo one)")
    copy = Store(folder / "kube.duckdb")
    shutil.copyfile(current, copy.link)
    job = submit_and_wait(copy, "upgrade")
    if job.state != jobs.PUBLISHED:
        raise StoreError(job.message)
    return copy


def main(source: Store, sessions: list[int], workers: list[int], rounds: int = 1, with_import: bool = True,
         import_sessions: int = 25, timeout: float = 60.0, import_rows: int = 30_000) -> int:
    folder = Path(tempfile.mkdtemp(prefix="kube-bench-load-"))
    try:
        store = prepare(source, folder)
        print(f"bench-load on a copy of {source.link} ({store.current().stat().st_size / 2**20:,.0f} MiB); "
              f"time to script finished per page run, seconds; peak MiB = resident memory of the dashboard "
              f"processes; {psutil.cpu_count()} cores", flush=True)
        print(HEADER, flush=True)
        for count in workers:
            run = folder / f"run-{count}"
            port = serve.free_port()
            serve.start(store, workers=count, port=port, folder=run)
            try:
                stack = serve.load(run)
                pids = [pid for pid, _ in stack.workers]
                base = f"http://127.0.0.1:{port}"
                run_level(base, pids, min(2, count), timeout, workers_count=count)     # warm the caches
                for n in sessions:
                    level = run_level(base, pids, n, timeout, rounds, workers_count=count)
                    level.note = f"  servers {len(level.servers)}" if count > 1 else ""
                    print(_row(level), flush=True)
                if with_import:
                    before = store.current_number()
                    level, job = run_with_import(base, store, pids, import_sessions, timeout, import_rows, folder,
                                                 count)
                    stages = ", ".join(f"{s} at {t:.1f} s" for s, t in job.stages)
                    moved = sum(v == job.version for v in level.last_versions)
                    level.note = (f"  import {job.state} v{before}->v{job.version} ({stages}); "
                                  f"versions seen {sorted(level.versions_seen)}; sessions ending on "
                                  f"v{job.version}: {moved}/{level.sessions}")
                    print(_row(level), flush=True)
            finally:
                serve.stop(run)
        print("targets: 0 errors; p95 <= 3 s per page run at 25 sessions (demo scale); an import during 25 "
              "sessions publishes with no session seeing an error or a run mixing versions")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0

