"""Command-line handlers that change data (through the writer) or run the serving set-up."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from analytics.serving import jobs, layout
from analytics.serving.jobs import Job
from analytics.serving.writer import submit_and_wait
from analytics.store import StoreError


def _say_state(job: Job) -> None:
    print(f"  job {job.id}: {job.state}" + (f" ({job.message})" if job.message and not job.final else ""),
          file=sys.stderr, flush=True)


def run_job(db: str | None, kind: str, args: dict | None = None, payload: bytes | None = None,
            quiet: bool = False) -> Job:
    """Submit a job to the store's writer (running it here if no writer runs) and wait for its end."""
    store = layout.store(db)
    return submit_and_wait(store, kind, args, payload, on_state=None if quiet else _say_state,
                           echo=lambda line: print("  " + line, flush=True))


def _fail(job: Job, code: int = 1) -> int:
    print(f"error: {job.message}", file=sys.stderr)
    return code


def import_command(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"error: no file {path}", file=sys.stderr)
        return 2
    store = layout.store(args.db)
    job = run_job(args.db, "import", {"file_name": path.name, "kind": args.kind, "replace": args.replace,
                                      "sheet": args.sheet, "date_order": args.date_order},
                  payload=path.read_bytes())
    if job.result.get("already_imported"):
        print(f"{path.name} was already imported (batch {job.result['batch']}); nothing changed.")
        return 0
    for notice in job.result.get("notices", []):
        print(f"note: {notice}")
    for label, suffix in (("flagged for review (kept)", "flagged.csv"), ("rejected", "rejected.csv")):
        report = jobs.attachment(store, job.id, suffix)
        if report.exists():
            import pandas as pd
            frame = pd.read_csv(report, dtype=str, keep_default_na=False)
            print(f"{len(frame)} {label}:")
            print(frame.head(50).to_string(index=False))
    if job.state == jobs.FAILED:
        rejected = jobs.attachment(store, job.id, "rejected.csv")
        if rejected.exists():
            if args.report:
                shutil.copyfile(rejected, args.report)
                print(f"full rejection report: {args.report}")
            if job.result.get("date_order_needed"):
                print("hint: say the file's date order with --date-order dmy (day/month/year) or mdy", file=sys.stderr)
            print(f"error: nothing was imported from {path.name}: fix the rows above and import the file again.",
                  file=sys.stderr)
            return 1
        return _fail(job, 2)
    r = job.result
    print(f"Imported {path.name} ({args.kind}) as batch {r.get('batch')}: {r.get('inserted')} new rows, "
          f"{r.get('replaced')} replaced (old values kept in the audit log); metrics refreshed; "
          f"published as version {job.version} in {r.get('job_seconds', 0):.1f} s.")
    return 0


def refresh_command(args: argparse.Namespace) -> int:
    job = run_job(args.db, "refresh")
    if job.state == jobs.FAILED:
        return _fail(job)
    steps = ", ".join(f"{name} {s:.1f} s" for name, s in job.result.get("steps", {}).items())
    print(f"Refreshed the marts for {job.result.get('members', 0):,} members ({steps}); "
          f"published as version {job.version} ({job.result.get('job_seconds', 0):.1f} s in all).")
    return 0


def demo_command(args: argparse.Namespace) -> int:
    from analytics.demo.generator import SCALES

    if args.scale not in SCALES:
        raise StoreError(f"Unknown scale {args.scale!r}: choose one of {', '.join(SCALES)}.")
    store = layout.store(args.db)
    try:
        store.link.parent.mkdir(parents=True, exist_ok=True)
        store.ensure()
    except OSError as exc:
        raise StoreError(f"Cannot create {store.versions}: {exc.strerror}.") from None
    print(f"Building {args.scale} demo database for {store.link} (seed {args.seed})...", flush=True)
    job = run_job(args.db, "demo", {"scale": args.scale, "seed": args.seed, "force": args.force})
    if job.state == jobs.FAILED:
        return _fail(job, 2)
    r = job.result
    print(f"Done in {r['seconds']:.1f} s: {r['groups']:,} groups, {r['members']:,} members, "
          f"{r['income_rows']:,} income rows (metrics {r['refresh_seconds']:.1f} s); published as version "
          f"{job.version}. The data are SYNTHETIC.")
    return 0


def impact_job(db: str | None, region: str | None, commodity: str | None, fresh: bool) -> Job:
    """Compute an impact estimate into the store's cache (a writer job)."""
    return run_job(db, "impact", {"region": region, "commodity": commodity, "fresh": fresh}, quiet=True)


def upgrade_if_needed(db: str | None) -> str | None:
    """Bring an older schema up to date (a writer job); a note saying so, or None."""
    from analytics.store import LATEST_VERSION, connect, schema_version

    store = layout.store(db)
    current = store.current()
    if current is None:
        return None
    con = connect(current, read_only=True)
    try:
        version = schema_version(con)
    finally:
        con.close()
    if version >= LATEST_VERSION:
        return None
    job = run_job(db, "upgrade", quiet=True)
    if job.state == jobs.FAILED:
        raise StoreError(job.message)
    return f"(upgraded from {version})"


def update_reference_command(args: argparse.Namespace) -> int:
    job = run_job(args.db, "reference")
    if job.state == jobs.FAILED:
        return _fail(job)
    print(f"{job.message}; published as version {job.version}.")
    return 0


def writer_command(args: argparse.Namespace) -> int:
    from analytics.serving.writer import serve_forever

    return serve_forever(layout.store(args.db))


def jobs_command(args: argparse.Namespace) -> int:
    store = layout.store(args.db)
    if args.action == "rerun":
        old = jobs.load(store, args.id or "")
        if old is None:
            print(f"error: no job {args.id}", file=sys.stderr)
            return 2
        payload = (store.jobs / old.payload).read_bytes() if old.payload else None
        if old.kind == "import" and payload is None:
            print(f"error: the file of job {old.id} is no longer kept; import it again", file=sys.stderr)
            return 2
        job = run_job(args.db, old.kind, old.args, payload)
        print(f"job {job.id}: {job.state}: {job.message}")
        return 0 if job.state == jobs.PUBLISHED else 1
    shown = jobs.all_jobs(store)[-args.last:]
    for job in shown:
        name = job.args.get("file_name", "")
        print(f"{job.id}  {job.kind:<9} {job.state:<10} v{job.version or '-':<6} {name}  {job.message}")
    if not shown:
        print(f"no jobs for {store.link}")
    return 0


def add(command) -> None:
    """The serving commands, added to the command line's parser (`command(name, help, handler)`)."""
    command("writer", "Run the one writer: jobs (imports, refreshes) one at a time, each published as a new "
                      "version (make serve starts it).", writer_command)
    j = command("jobs", "List the writer's jobs, or run a failed one again.", jobs_command)
    j.add_argument("action", nargs="?", default="list", choices=["list", "rerun"])
    j.add_argument("id", nargs="?", help="the job to run again")
    j.add_argument("--last", type=int, default=20, help="how many to list")
    command("update-reference", "Load data/reference/*.csv into the store and refresh (a writer job).",
            update_reference_command)
    b = command("backup", "Copy the published version and the secrets it needs into a folder.", _backup)
    b.add_argument("dest", help="folder to write (created; must be empty)")
    r = command("restore", "Restore a backup: its database becomes the published version.", _restore)
    r.add_argument("source", help="a folder written by `backup`")
    r.add_argument("--force", action="store_true", help="replace an existing store")
    s = command("serve", "Start N read-only dashboards behind HAProxy, plus the writer.", _serve)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--port", type=int, default=8501, help="the proxy's port")
    s.add_argument("--foreground", action="store_true", help="stay in the foreground (Ctrl-C stops all)")
    command("stop", "Stop what `serve` started (proxy, dashboards, writer).", _stop)
    load = command("bench-load", "Concurrent sessions at Streamlit's protocol level (prints figures).", _bench_load)
    load.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 25, 50])
    load.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    load.add_argument("--rounds", type=int, default=1, help="page sequences per session")
    load.add_argument("--no-import", action="store_true", help="skip the runs with an import")
    load.add_argument("--import-sessions", type=int, default=25)
    load.add_argument("--timeout", type=float, default=60.0, help="seconds a page run may take")
    load.add_argument("--import-rows", type=int, default=30_000, help="rows in the import run during the load")
    pub = command("bench-publish", "Time a writer job by stage: working copy, import, refresh, publish.",
                  _bench_publish)
    pub.add_argument("--rows", type=int, default=1_000_000, help="income reports in the imported file")
    pub.add_argument("--work", help="folder for the copies (default: a temporary folder)")
    pol = command("bench-policy", "Time a changed policy's figures computed in memory (a province, the country).",
                  _bench_policy)
    pol.add_argument("--provinces", nargs="+", help="scopes to time (00 = the country; default 72, the largest, 00)")


def _backup(args: argparse.Namespace) -> int:
    from analytics.serving import backup

    summary = backup.backup(layout.store(args.db), Path(args.dest))
    print(summary)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from analytics.serving import backup

    print(backup.restore(Path(args.source), layout.store(args.db), force=args.force))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from analytics.serving import serve

    return serve.start(layout.store(args.db), workers=args.workers, port=args.port, foreground=args.foreground)


def _stop(args: argparse.Namespace) -> int:
    from analytics.serving import serve

    return serve.stop()


def _bench_load(args: argparse.Namespace) -> int:
    from analytics.serving import bench_load

    return bench_load.main(layout.store(args.db), sessions=args.sessions, workers=args.workers,
                           rounds=args.rounds, with_import=not args.no_import,
                           import_sessions=args.import_sessions, timeout=args.timeout,
                           import_rows=args.import_rows)


def _bench_policy(args: argparse.Namespace) -> int:
    from analytics.serving import bench_publish

    return bench_publish.policy(layout.store(args.db), args.provinces)


def _bench_publish(args: argparse.Namespace) -> int:
    from analytics.serving import bench_publish

    return bench_publish.main(layout.store(args.db), rows=args.rows, folder=Path(args.work) if args.work else None)
