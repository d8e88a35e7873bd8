"""The job queue: one JSON file per job in `<store>.versions/jobs/`, written atomically.

Anyone may submit a job (the Impor Data page, the command line); only the writer changes a
job after that. A job moves through `queued -> checking -> storing -> refreshing ->
publishing -> published`, or ends `failed` with its message. An uploaded file waits beside
its job, readable by this user only, and is removed once the job has published.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from analytics.serving.layout import Store

QUEUED, CHECKING, STORING, REFRESHING, PUBLISHING, PUBLISHED, FAILED = (
    "queued", "checking", "storing", "refreshing", "publishing", "published", "failed")
STATES = (QUEUED, CHECKING, STORING, REFRESHING, PUBLISHING, PUBLISHED, FAILED)
FINAL = (PUBLISHED, FAILED)
KEEP_FINISHED = 200          # finished jobs kept for the page and `jobs list`
KEEP_UPLOAD_DAYS = 7         # a failed job's upload is kept this long, to run it again


@dataclass
class Job:
    """One unit of work for the writer and what became of it."""

    id: str
    kind: str
    args: dict = field(default_factory=dict)
    state: str = QUEUED
    message: str = ""
    result: dict = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    version: int | None = None          # the version it published
    writer_pid: int | None = None
    stages: list = field(default_factory=list)   # [state, seconds since created]
    payload: str | None = None          # file name of the uploaded bytes, beside the job

    @property
    def final(self) -> bool:
        return self.state in FINAL


def _now() -> str:
    return datetime.now().isoformat(timespec="milliseconds")


def new_id() -> str:
    """Sortable by submission time, unique across processes."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{secrets.token_hex(2)}"


def path(store: Store, job_id: str) -> Path:
    return store.jobs / f"{job_id}.json"


def attachment(store: Store, job_id: str, suffix: str) -> Path:
    """A file belonging to a job: `data` (the upload), `rejected.csv`, `flagged.csv`."""
    return store.jobs / f"{job_id}.{suffix}"


def save(store: Store, job: Job) -> None:
    job.updated = _now()
    target = path(store, job.id)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(job), default=str), encoding="utf-8")
    os.replace(tmp, target)


def load(store: Store, job_id: str) -> Job | None:
    try:
        data = json.loads(path(store, job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return Job(**data)


def submit(store: Store, kind: str, args: dict | None = None, payload: bytes | None = None) -> Job:
    """Queue a job (with the bytes of an uploaded file, if any) and return it."""
    store.ensure()
    job = Job(id=new_id(), kind=kind, args=dict(args or {}), created=_now())
    if payload is not None:
        target = attachment(store, job.id, "data")
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        job.payload = target.name
    save(store, job)
    return job


def all_jobs(store: Store) -> list[Job]:
    """Every job on record, oldest first."""
    if not store.jobs.is_dir():
        return []
    found = (load(store, p.stem) for p in sorted(store.jobs.glob("*.json")))
    return [j for j in found if j is not None]


def queued(store: Store) -> list[Job]:
    return [j for j in all_jobs(store) if j.state == QUEUED]


def advance(store: Store, job: Job, state: str, message: str = "") -> None:
    """Move a job to `state` (the writer only) and record when."""
    job.state = state
    if message:
        job.message = message
    created = datetime.fromisoformat(job.created)
    job.stages.append([state, round((datetime.now() - created).total_seconds(), 2)])
    save(store, job)


def drop_payload(store: Store, job: Job) -> None:
    if job.payload:
        (store.jobs / job.payload).unlink(missing_ok=True)
        job.payload = None


def prune(store: Store, keep: int = KEEP_FINISHED, upload_days: float = KEEP_UPLOAD_DAYS) -> None:
    """Forget the oldest finished jobs beyond `keep`, with their files, and the uploads of
    failed jobs older than `upload_days` (an upload may hold NIKs)."""
    finished = [j for j in all_jobs(store) if j.final]
    for job in finished[:-keep] if keep else finished:
        for extra in store.jobs.glob(f"{job.id}.*"):
            extra.unlink(missing_ok=True)
    cutoff = datetime.now().timestamp() - upload_days * 86400
    for job in finished[-keep:] if keep else []:
        if job.payload and datetime.fromisoformat(job.created).timestamp() < cutoff:
            drop_payload(store, job)
            save(store, job)
