"""What each kind of job does. The writer gives a task the published version read-only (to
check a file while the working copy is made) and then that working copy to change; the task
never publishes, the writer does.

New kinds (for example the importer's `init`) register a `Task` in `TASKS`.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics.serving import jobs
from analytics.serving.jobs import Job
from analytics.serving.layout import Store
from analytics.store import open_store

WRITER_MEMORY_LIMIT = None      # store.connect's default: KUBE_MEMORY_LIMIT or 6GB


class NoChange(Exception):
    """The job ends without a new version (for example a file imported before)."""


class JobRejected(Exception):
    """The job ends as failed before anything was changed (for example rejected rows)."""


@dataclass
class Context:
    """What a task may use: its job, a way to report its stage, its working copy."""

    store: Store
    job: Job
    stage: Callable[[str], None]
    work: Path | None = None
    echo: Callable[[str], None] = lambda _: None     # progress lines (printed by the command line)
    con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    checked: object = field(default=None, repr=False)   # what a task's check found, for its apply

    def payload(self) -> bytes:
        if not self.job.payload:
            raise JobRejected("pekerjaan ini tidak membawa berkas / this job carries no file")
        return (self.store.jobs / self.job.payload).read_bytes()

    def connect(self) -> duckdb.DuckDBPyConnection:
        """The working copy, read-write, its schema brought up to date (opened once)."""
        if self.con is None:
            self.con = open_store(self.work, memory_limit=WRITER_MEMORY_LIMIT)
        return self.con

    def close(self) -> None:
        """Checkpoint and close the working copy, so it is one self-contained file."""
        if self.con is not None:
            try:
                self.con.execute("CHECKPOINT")
            finally:
                self.con.close()
                self.con = None

    def abandon(self) -> None:
        """Close without checkpointing (the copy is thrown away)."""
        if self.con is not None:
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = None


@dataclass(frozen=True)
class Task:
    """A kind of job: `check` reads the published version, `apply` changes the working copy."""

    first_stage: str
    apply: Callable[[Context], None]
    check: Callable[[Context, duckdb.DuckDBPyConnection], None] | None = None
    fresh_file: bool = False         # the job writes a new database rather than changing a copy
    finished: Callable[[Job], None] | None = None    # told the job's outcome once it is recorded


# --- import ---------------------------------------------------------------------------------

def _keep_reports(ctx: Context, result) -> None:
    """Rejected and flagged rows beside the job, for the page and the command line (written the
    way every CSV the product writes is: formula-safe), and how the file was read."""
    from analytics.export.tables import csv_bytes

    for suffix, frame in (("rejected.csv", result.rejected), ("flagged.csv", result.flagged)):
        if not frame.empty:
            jobs.attachment(ctx.store, ctx.job.id, suffix).write_bytes(csv_bytes(frame))
    ctx.job.result.update(rejected=len(result.rejected), flagged=len(result.flagged), rows=result.rows,
                          notices=list(result.notices), date_order_needed=result.date_order_needed)


def _check_import(ctx: Context, con: duckdb.DuckDBPyConnection) -> None:
    """Read and check the file against the published version, while the writer makes the working
    copy the rows go to (the same data: only the writer changes it)."""
    from analytics.ingest.engine import check_bytes

    a = ctx.job.args
    ctx.checked = check_bytes(con, ctx.payload(), a["file_name"], a["kind"], replace=a.get("replace", False),
                              sheet=a.get("sheet"), date_order=a.get("date_order"))
    if "scope" in a:          # submitted for a dashboard user: rows outside their scope are refused
        from analytics.access.imports import refuse_outside
        from analytics.access.scope import Scope
        ctx.job.result["outside_scope"] = refuse_outside(con, ctx.checked, Scope.of(a["scope"]))


def _apply_import(ctx: Context) -> None:
    """Store the checked file and refresh what it touched, on the working copy."""
    from analytics.ingest.engine import store_checked

    a = ctx.job.args
    con, checked = ctx.connect(), ctx.checked
    result = store_checked(con, checked, on_stage=lambda stage: ctx.stage({"storing": jobs.STORING,
                                                                           "refreshing": jobs.REFRESHING}[stage]))
    if result.already_imported:
        ctx.job.result.update(batch=result.batch_id, already_imported=True)
        raise NoChange(f"{a['file_name']} sudah diimpor (batch {result.batch_id}); tidak ada yang berubah / "
                       f"was already imported (batch {result.batch_id}); nothing changed")
    _keep_reports(ctx, result)
    if not result.ok and not a.get("log_rejections"):
        n = len(result.rejected)
        raise JobRejected(f"{n} baris ditolak; tidak ada yang disimpan / {n} rows rejected; nothing was stored")
    ctx.job.result.update(batch=result.batch_id, inserted=result.inserted, replaced=result.replaced)
    if result.ok:
        ctx.job.message = (f"Batch {result.batch_id}: {result.inserted} baris baru, {result.replaced} diganti / "
                           f"{result.inserted} new rows, {result.replaced} replaced")
    else:
        ctx.job.message = (f"{len(result.rejected)} baris ditolak dicatat / {len(result.rejected)} rejected rows "
                           "logged")


def _audit_confirm(job: Job) -> None:
    """The outcome of a confirmation in the audit log, for the account that submitted it."""
    from analytics.access import audit

    if job.args.get("actor"):
        audit.record("report_confirmed" if job.state == jobs.PUBLISHED else "confirm_refused", job.args["actor"],
                     page="kualitas", region=",".join(job.args.get("scope") or ()) or None, source="writer",
                     detail={"job": job.id, "member": job.args.get("member_id"), "month": job.args.get("month"),
                             "state": job.state, "version": job.version, "message": job.message})


def _audit_import(job: Job) -> None:
    """The outcome of an import in the audit log, for the account that submitted it (the page
    names the dashboard user, the command line `cli:<user>`; a job without one, submitted by a
    benchmark or a test through the Python interface, is not recorded)."""
    from analytics.access import audit

    if not job.args.get("actor"):
        return
    r = job.result
    audit.record("import" if job.state == jobs.PUBLISHED else "import_refused", job.args.get("actor"),
                 page="impor" if "scope" in job.args else None, region=",".join(job.args.get("scope") or ()) or None,
                 source="writer", detail={"job": job.id, "kind": job.args.get("kind"), "file": job.args.get("file_name"),
                                          "state": job.state, "version": job.version, "rows": r.get("rows"),
                                          "batch": r.get("batch"), "inserted": r.get("inserted"),
                                          "replaced": r.get("replaced"), "rejected": r.get("rejected"),
                                          "outside_scope": r.get("outside_scope"),
                                          "already_imported": r.get("already_imported"), "message": job.message})


# --- refresh, reference, impact, demo, upgrade -----------------------------------------------

def _apply_refresh(ctx: Context) -> None:
    from analytics.metrics.refresh import refresh

    result = refresh(ctx.connect())
    ctx.job.result.update(members=result.members, steps={k: round(v, 2) for k, v in result.seconds.items()})
    ctx.job.message = f"Metrik dihitung ulang untuk {result.members:,} anggota / marts refreshed for {result.members:,} members"


def _apply_reference(ctx: Context) -> None:
    from analytics.metrics.refresh import refresh
    from analytics.reference import load_reference

    load_reference(ctx.connect())
    ctx.stage(jobs.REFRESHING)
    result = refresh(ctx.connect())
    ctx.job.message = (f"Tabel acuan dimuat, metrik dihitung ulang ({result.members:,} anggota) / reference tables "
                       f"loaded, marts refreshed ({result.members:,} members)")


def _apply_impact(ctx: Context) -> None:
    from analytics.access.scope import Scope
    from analytics.impact import service
    from analytics.metrics.queries import Filters

    a = ctx.job.args
    impact = service.estimate(ctx.connect(), region=a.get("region"), filters=Filters(commodity=a.get("commodity")),
                              use_cache=not a.get("fresh", False), scope=Scope.nation())
    ctx.job.result.update(seconds=round(impact.seconds, 1), cached=impact.cached, error=impact.error)
    ctx.job.message = "Perkiraan dampak disimpan / impact estimate stored"


def _check_demo(ctx: Context, con: duckdb.DuckDBPyConnection) -> None:
    from analytics.store import is_synthetic

    try:
        synthetic = is_synthetic(con)
    except duckdb.Error:
        synthetic = False
    if not synthetic and not ctx.job.args.get("force"):
        raise JobRejected(f"{ctx.store.link} berisi data impor (bukan sintetis); tidak ditimpa / holds real (imported) "
                          "data; refusing to overwrite it with demo data (--force to insist)")


def _apply_demo(ctx: Context) -> None:
    from analytics.demo.generator import build_demo

    a = ctx.job.args
    figures = build_demo(ctx.work, a.get("scale", "demo"), int(a.get("seed", 42)), progress=ctx.echo, force=True)
    ctx.job.result.update(figures)
    ctx.job.message = (f"Data demo: {figures['groups']:,} kelompok, {figures['members']:,} anggota / demo data: "
                       f"{figures['groups']:,} groups, {figures['members']:,} members (SYNTHETIC)")


def _apply_restore(ctx: Context) -> None:
    import shutil

    shutil.copyfile(Path(ctx.job.args["source"]) / "kube.duckdb", ctx.work)
    ctx.connect()                       # a backup of an older schema is brought up to date
    ctx.job.message = f"Dipulihkan dari / restored from {ctx.job.args['source']}"


def _apply_upgrade(ctx: Context) -> None:
    from analytics.metrics.refresh import ensure_fresh

    con = ctx.connect()                 # opening read-write applies the migrations
    if con.execute("SELECT count(*) FROM member_income").fetchall()[0][0]:
        ctx.stage(jobs.REFRESHING)      # a migration that reshapes the marts empties them: rebuild
        ensure_fresh(con)
    ctx.job.message = "Skema diperbarui / schema upgraded"


def _apply_confirm(ctx: Context) -> None:
    """An operator confirms an implausibly high report as genuine: it counts from then on."""
    from datetime import date

    from analytics.metrics.outliers import ConfirmError, confirm_report

    a = ctx.job.args
    month = date.fromisoformat(a["month"])
    con = ctx.connect()
    if "scope" in a:          # submitted for a dashboard user: the member must lie inside their scope
        from analytics.access.scope import Scope
        rows = con.execute("SELECT k.regency_code FROM members m JOIN kube k USING (kube_id) WHERE m.member_id = ?",
                           [int(a["member_id"])]).fetchall()
        if not rows or not Scope.of(a["scope"]).contains(rows[0][0]):
            raise JobRejected(f"anggota di luar wilayah akses Anda ({', '.join(a['scope'])}) / member outside your "
                              f"access region ({', '.join(a['scope'])})")
    try:
        confirm_report(con, int(a["member_id"]), month, a["confirmed_by"], amount_seen=a.get("amount"))
    except ConfirmError as exc:
        raise JobRejected(str(exc)) from None
    ctx.job.message = (f"Laporan {month:%Y-%m} dikonfirmasi dan dihitung / report of {month:%Y-%m} confirmed "
                       "and counted")


TASKS: dict[str, Task] = {
    "import": Task(jobs.CHECKING, _apply_import, _check_import, finished=_audit_import),
    "refresh": Task(jobs.REFRESHING, _apply_refresh),
    "reference": Task(jobs.STORING, _apply_reference),
    "impact": Task(jobs.REFRESHING, _apply_impact),
    "demo": Task(jobs.STORING, _apply_demo, _check_demo, fresh_file=True),
    "upgrade": Task(jobs.STORING, _apply_upgrade),
    "confirm": Task(jobs.STORING, _apply_confirm, finished=_audit_confirm),
    "restore": Task(jobs.STORING, _apply_restore, fresh_file=True),
}
