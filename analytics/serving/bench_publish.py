"""`python -m analytics bench-publish`: what a writer job costs at a database's scale, by stage.

On a private copy of the database (never the original): a job that changes nothing (its cost
is the working copy and the publish), then an operator's monthly income file of the latest
`rows` reports (taken out of the copy first, as `bench` does) imported through the writer:
checking, working copy, storing, refreshing, publishing. Figures are printed.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from analytics.serving import jobs
from analytics.serving.layout import Store
from analytics.serving.writer import submit_and_wait
from analytics.store import StoreError, open_store


def _stages(job: jobs.Job) -> str:
    marks = job.stages
    spans = [f"{a} {b_t - a_t:.1f} s" for (a, a_t), (_, b_t) in zip(marks, marks[1:])]
    return ", ".join(spans)


def _take_out(path: Path, rows: int, csv: Path) -> int:
    """Write the latest `rows` reports as an operator's CSV and delete them from the (plain) copy."""
    con = open_store(path)
    try:
        frame = con.execute("""SELECT m.pseudonym AS anggota, strftime(i.month, '%Y-%m') AS bulan,
                                      'Rp ' || replace(format('{:,}', i.income_rupiah), ',', '.') AS pendapatan
                               FROM member_income i JOIN members m USING (member_id)
                               QUALIFY row_number() OVER (PARTITION BY i.member_id, i.month
                                                          ORDER BY i.reported_on DESC) = 1
                               ORDER BY i.month DESC, i.member_id LIMIT ?""", [rows]).df()
        frame.to_csv(csv, index=False)
        con.execute("CREATE TEMP TABLE taken AS SELECT m.member_id, strptime(f.bulan, '%Y-%m')::DATE AS month "
                    "FROM frame f JOIN members m ON m.pseudonym = f.anggota")
        con.execute("DELETE FROM member_income WHERE (member_id, month) IN (SELECT member_id, month FROM taken)")
        # The marts stand for the month before the file (as `bench` leaves them): the first job
        # then measures a job without changes (copy and publish), not a full refresh.
        from analytics.metrics.refresh import data_version
        con.execute("UPDATE mart_refresh SET data_version = ?", [data_version(con)])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return len(frame)


def main(source: Store, rows: int = 1_000_000, folder: Path | None = None) -> int:
    current = source.current()
    if current is None:
        raise StoreError(f"No database at {source.link}")
    folder = Path(folder or tempfile.mkdtemp(prefix="kube-bench-publish-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        store = Store(folder / "kube.duckdb")
        started = time.perf_counter()
        shutil.copyfile(current, store.link)
        print(f"copy of {current} ({current.stat().st_size / 2**30:.2f} GiB) in {time.perf_counter() - started:.1f} s",
              flush=True)
        csv = folder / "laporan_bulanan.csv"
        taken = _take_out(store.link, rows, csv)
        print(f"operator's file: {taken:,} income reports ({csv.stat().st_size / 2**20:,.0f} MiB)", flush=True)
        job = submit_and_wait(store, "upgrade")
        print(f"job without changes (working copy + publish): {job.result.get('job_seconds', 0):.1f} s "
              f"(copy {job.result.get('copy_seconds')} s, checkpoint + publish {job.result.get('publish_seconds')} s); "
              f"version {job.version}, {store.current().stat().st_size / 2**30:.2f} GiB", flush=True)
        job = submit_and_wait(store, "import", {"file_name": csv.name, "kind": "income"}, payload=csv.read_bytes())
        if job.state != jobs.PUBLISHED:
            raise StoreError(f"the import failed: {job.message}")
        total = job.stages[-1][1]
        print(f"import of {taken:,} rows through the writer: {total:.1f} s from submission to published "
              f"({_stages(job)}); working copy {job.result.get('copy_seconds')} s (made while checking), checkpoint + publish "
              f"{job.result.get('publish_seconds')} s; version {job.version}, "
              f"{store.current().stat().st_size / 2**30:.2f} GiB", flush=True)
        print("targets: import with refresh <= 60 s; publish <= 30 s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def policy(source: Store, provinces: list[str] | None = None) -> int:
    """`bench-policy`: seconds to compute a changed policy's figures in memory, per scope."""
    import resource

    from analytics.metrics.policy import Policy
    from analytics.serving.policy_cache import NATION, PolicyCache, ScopeTooLarge, scope_members
    from analytics.serving.reader import Reader

    handle = Reader().current(source)
    if handle is None:
        raise StoreError(f"No database at {source.link}")
    cur = handle.cursor()
    largest = cur.execute("SELECT left(regency_code, 2) FROM members JOIN kube USING (kube_id) "
                          "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    scopes = provinces or ["72", largest, NATION]
    cache = PolicyCache(max_entries=1)
    print(f"changed policy (steady_max_cv 0.25) computed in memory on {source.link}; limit "
          f"{cache.build_limit:,} members per build", flush=True)
    for n, scope in enumerate(scopes):
        started = time.perf_counter()
        try:
            entry = cache.get(handle, Policy(steady_max_cv=0.25 + n / 1000), scope)
        except ScopeTooLarge as exc:
            print(f"  {scope}: {exc.members:,} members, above the limit: the page asks for a province", flush=True)
            continue
        entry.ready.wait()
        if entry.error:
            raise entry.error
        print(f"  {'nation' if scope == NATION else 'province ' + scope}: {scope_members(handle, scope):,} members "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    print(f"peak memory of this process {peak:.2f} GiB; targets: <= 5 s at demo scale, <= 60 s for a province "
          "at national scale")
    return 0
