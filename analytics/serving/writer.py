"""The one writer: runs queued jobs one at a time, each on a working copy, and publishes.

Whoever holds the writer lock is the writer: `python -m analytics writer` (started by
`make serve`), a command such as `import` when no writer runs (it runs its own job and any
queued before it), or, in `make run`'s single process, a background thread of the dashboard
(`kick`). Dashboards started by `make serve` (`KUBE_WRITER=external`) only queue.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from analytics.serving import jobs, leases, versions
from analytics.serving.jobs import Job
from analytics.serving.layout import Store
from analytics.serving.reader import attach_read_only
from analytics.serving.tasks import TASKS, Context, JobRejected, NoChange
from analytics.store import StoreError

log = logging.getLogger("pantau_kube.writer")
INTERRUPTED = ("Penulis berhenti di tengah pekerjaan ini; versi yang terbit tidak berubah. Jalankan lagi "
               "(python -m analytics jobs rerun {id}). / The writer stopped during this job; the published "
               "version is unchanged. Run it again (python -m analytics jobs rerun {id}).")
STOPPED = "Dihentikan; versi yang terbit tidak berubah / Stopped; the published version is unchanged"


class Writer:
    """Holds the writer lock of one store and runs its jobs."""

    def __init__(self, store: Store, echo: Callable[[str], None] | None = None,
                 on_state: Callable[[Job], None] | None = None):
        self.store = store
        self.echo = echo or (lambda line: log.info(line))
        self.on_state = on_state or (lambda job: None)
        self._fd: int | None = None
        self._ctx: Context | None = None
        self._cancelled = threading.Event()

    @property
    def holding(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Become the writer if nobody is; then tidy what a stopped writer left."""
        self.store.ensure()
        self._fd = leases.try_exclusive(self.store.writer_lock, create=True)
        if self._fd is None:
            return False
        os.ftruncate(self._fd, 0)
        os.write(self._fd, str(os.getpid()).encode())
        self._recover()
        return True

    def release(self) -> None:
        leases.release(self._fd)
        self._fd = None

    def _recover(self) -> None:
        """Jobs a stopped writer left mid-way are failed (nothing of them was published)."""
        for job in jobs.all_jobs(self.store):
            if job.state not in (jobs.QUEUED, *jobs.FINAL):
                self._advance(job, jobs.FAILED, INTERRUPTED.format(id=job.id))
                self._finished(job)
        versions.remove_work_files(self.store)
        versions.collect_garbage(self.store)

    def _finished(self, job: Job) -> None:
        """Tell the job's task its outcome (the import's audit event); never fails the job."""
        task = TASKS.get(job.kind)
        if task is not None and task.finished is not None:
            try:
                task.finished(job)
            except Exception as exc:       # noqa: BLE001 (the job's record is what counts)
                log.error("job %s: could not record its outcome: %s", job.id, exc)

    def _advance(self, job: Job, state: str, message: str = "") -> None:
        jobs.advance(self.store, job, state, message)
        self.on_state(job)

    def cancel(self) -> None:
        """Stop the running job (from a signal handler or another thread)."""
        self._cancelled.set()
        ctx = self._ctx
        if ctx is not None and ctx.con is not None:
            try:
                ctx.con.interrupt()
            except duckdb.Error:
                pass

    def drain(self, until: str | None = None) -> int:
        """Run queued jobs oldest first (stopping after job `until`); how many ran."""
        ran = 0
        while not self._cancelled.is_set():
            waiting = jobs.queued(self.store)
            if not waiting:
                break
            job = waiting[0]
            self.run(job)
            ran += 1
            if job.id == until:
                break
        return ran

    def run(self, job: Job) -> Job:
        """Run one job to its end: published (a new version, or none when nothing changed) or failed."""
        if not self.holding:
            raise RuntimeError("run() needs the writer lock")
        task = TASKS.get(job.kind)
        job.writer_pid = os.getpid()
        ctx = Context(self.store, job, stage=lambda state: self._advance(job, state), echo=self.echo)
        self._ctx = ctx
        started = time.perf_counter()
        outcome: tuple[str, str] | None = None
        interrupt: BaseException | None = None
        try:
            if task is None:
                raise JobRejected(f"jenis pekerjaan tidak dikenal / unknown kind of job: {job.kind}")
            current = self.store.current()
            if current is None and not task.fresh_file:
                raise JobRejected(f"Belum ada basis data di {self.store.link} / No database at {self.store.link}: "
                                  "create one with `python -m analytics demo`")
            copying = _Copy(self.store, job.id, empty=task.fresh_file)   # made while the file is checked
            try:
                if task.check is not None and current is not None:
                    ctx.stage(jobs.CHECKING)
                    con = attach_read_only(current)
                    try:
                        task.check(ctx, con)
                    finally:
                        con.close()
                if job.state != task.first_stage:
                    ctx.stage(task.first_stage)
                ctx.work = copying.result()
            finally:
                if ctx.work is None:
                    copying.discard()
            job.result["copy_seconds"] = copying.seconds
            self._check_cancelled()
            task.apply(ctx)
            self._check_cancelled()
            mark = time.perf_counter()
            ctx.stage(jobs.PUBLISHING)
            ctx.close()
            job.version = versions.publish(self.store, ctx.work, {"job": job.id, "kind": job.kind})
            job.result["publish_seconds"] = round(time.perf_counter() - mark, 2)
            ctx.work = None
            job.result["job_seconds"] = round(time.perf_counter() - started, 2)
            jobs.drop_payload(self.store, job)
            outcome = (jobs.PUBLISHED, job.message or "Terbit / Published")
        except NoChange as exc:
            job.version = self.store.current_number()
            jobs.drop_payload(self.store, job)
            outcome = (jobs.PUBLISHED, str(exc))
        except JobRejected as exc:             # the file itself was refused: the same bytes would be again,
            jobs.drop_payload(self.store, job)  # so its upload (it may hold NIKs in clear) is not kept
            outcome = (jobs.FAILED, str(exc))
        except BaseException as exc:           # noqa: BLE001 (every failure ends the job with its message)
            outcome = (jobs.FAILED, self._message(exc))
            if not isinstance(exc, Exception):
                interrupt = exc                # KeyboardInterrupt, SystemExit: re-raised once recorded
        finally:
            ctx.abandon()                      # free the disk first: a full disk must not stop the record
            if ctx.work is not None:
                versions.discard(ctx.work)
            self._ctx = None
        try:
            self._advance(job, *outcome)
            self._finished(job)
            if outcome[0] == jobs.PUBLISHED and job.version:
                versions.collect_garbage(self.store)
                jobs.prune(self.store)
        except OSError as exc:
            log.error("job %s ended %s but its record could not be written: %s", job.id, outcome[0], exc)
        if interrupt is not None:
            raise interrupt
        return job

    def _check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise InterruptedError(STOPPED)

    def _message(self, exc: BaseException) -> str:
        if self._cancelled.is_set() or isinstance(exc, (KeyboardInterrupt, InterruptedError)):
            return STOPPED
        if isinstance(exc, versions.DiskFullError):
            return str(exc)
        if versions.is_disk_full(exc):
            return versions.disk_full_message(self.store.versions, str(exc).splitlines()[0][:200])
        if isinstance(exc, (StoreError, ValueError)):
            return str(exc)                    # written for people (ReportFileError is a ValueError)
        log.error("job failed", exc_info=exc)
        return f"Pekerjaan gagal / The job failed: {type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"


class _Copy:
    """The job's working copy, made in a thread: a national file's copy (seconds of disk work)
    runs while its file is checked against the published version (seconds of CPU work)."""

    def __init__(self, store: Store, job_id: str, empty: bool) -> None:
        self.seconds = 0.0
        self._path: Path | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._make, args=(store, job_id, empty), name="working-copy", daemon=True)
        self._thread.start()

    def _make(self, store: Store, job_id: str, empty: bool) -> None:
        mark = time.perf_counter()
        try:
            self._path = versions.working_copy(store, job_id, empty=empty)
        except BaseException as exc:     # noqa: BLE001 (raised again in the writer's thread)
            self._error = exc
        self.seconds = round(time.perf_counter() - mark, 2)

    def result(self) -> Path:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._path

    def discard(self) -> None:
        """Wait for the copy and remove it (the job ended before using it)."""
        self._thread.join()
        if self._path is not None:
            versions.discard(self._path)
            self._path = None


def serve_forever(store: Store, poll: float = 0.5, ready: Callable[[], None] | None = None) -> int:
    """`python -m analytics writer`: wait for the lock, then run jobs as they come until stopped."""
    writer = Writer(store, echo=lambda line: print(line, flush=True))
    stop = threading.Event()

    def on_signal(signum, _frame):
        stop.set()
        writer.cancel()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    while not writer.acquire():
        if stop.wait(poll):
            return 0
    print(f"writer: running jobs for {store.link} (pid {os.getpid()})", flush=True)
    if ready:
        ready()

    def loop() -> None:
        idle = 0.0
        while not stop.is_set():
            if writer.drain():
                idle = 0.0
                continue
            stop.wait(poll)
            idle += poll
            if idle >= 10:                     # old versions whose readers have let go
                versions.collect_garbage(store)
                idle = 0.0

    worker = threading.Thread(target=loop, name="kube-writer", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=poll)
    writer.release()
    return 0


_kicked: dict[Path, threading.Thread] = {}
_kick_lock = threading.Lock()


def embedded() -> bool:
    """True unless `KUBE_WRITER=external` (make serve runs a writer process)."""
    return os.environ.get("KUBE_WRITER", "embedded") != "external"


def kick(store: Store) -> None:
    """In the single-process set-up, run queued jobs in a background thread of this process
    whenever no other writer holds the lock (it keeps looking until the queue is empty)."""
    if not embedded():
        return
    with _kick_lock:
        thread = _kicked.get(store.link)
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(target=_drain_when_free, args=(store,), name="kube-embedded-writer", daemon=True)
        _kicked[store.link] = thread
        thread.start()


def _drain_when_free(store: Store) -> None:
    while jobs.queued(store):
        writer = Writer(store)
        if writer.acquire():
            try:
                writer.drain()
            finally:
                writer.release()
        else:
            time.sleep(1.0)                    # another writer has the lock and will run them


def submit_and_wait(store: Store, kind: str, args: dict | None = None, payload: bytes | None = None,
                    on_state: Callable[[Job], None] | None = None, echo: Callable[[str], None] | None = None,
                    poll: float = 0.3) -> Job:
    """Queue a job and wait for its end; run it here when no writer holds the lock."""
    job = jobs.submit(store, kind, args, payload)
    seen: list[tuple[str, str]] = []

    def tell(current: Job) -> None:
        if on_state and (not seen or seen[-1] != (current.state, current.message)):
            on_state(current)
        seen.append((current.state, current.message))

    while True:
        current = jobs.load(store, job.id)
        if current is None:
            raise StoreError(f"job {job.id} disappeared from {store.jobs}")
        tell(current)
        if current.final:
            return current
        if current.state == jobs.QUEUED:
            writer = Writer(store, echo=echo, on_state=lambda j: tell(j) if j.id == job.id else None)
            if writer.acquire():
                try:
                    writer.drain(until=job.id)
                finally:
                    writer.release()
                continue
        time.sleep(poll)
