"""Published versions: a working copy for a job, the atomic publish, removal of old versions.

A job never changes a published file. It works on a copy of the current version; publishing
renames the finished copy to the next version number and swaps the link readers open (one
`rename`, atomic on POSIX). A failed or interrupted job leaves only its working copy, which is
removed; the published version is untouched.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from analytics.serving import leases
from analytics.serving.layout import Store, version_number
from analytics.store import StoreError

WORK_PREFIX = ".work-"


def min_free_bytes() -> int:
    """Free space a job needs beyond a copy of the current version (`KUBE_MIN_FREE_MB`, 256)."""
    return int(os.environ.get("KUBE_MIN_FREE_MB", "256")) * 2**20


class DiskFullError(StoreError):
    """No room for a job's working copy or its writes; the published version still serves."""


def disk_full_message(folder: Path, detail: str = "") -> str:
    return (f"Disk penuh di {folder}: pekerjaan dibatalkan, versi yang terbit tidak berubah dan tetap "
            f"dipakai. Kosongkan ruang lalu jalankan lagi. / Disk full in {folder}: the job was stopped, "
            f"the published version is unchanged and still serves. Free some space and run it again."
            + (f" ({detail})" if detail else ""))


def is_disk_full(exc: BaseException) -> bool:
    """True for the errors a full disk raises (the OS's ENOSPC, DuckDB's wording of it)."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "no space left" in text or "disk quota" in text or "not enough space" in text


def working_copy(store: Store, job_id: str, empty: bool = False) -> Path:
    """A private copy of the current version for a job to change (`empty`: a new file)."""
    store.ensure()
    work = store.versions / f"{WORK_PREFIX}{job_id}.duckdb"
    source = None if empty else store.current()
    need = (source.stat().st_size if source else 0) + min_free_bytes()
    free = shutil.disk_usage(store.versions).free
    if free < need:
        raise DiskFullError(disk_full_message(store.versions, f"{free // 2**20} MiB free, {need // 2**20} MiB needed"))
    try:
        if source is not None:
            shutil.copyfile(source, work)
            wal = source.with_name(source.name + ".wal")
            if wal.exists():
                shutil.copyfile(wal, work.with_name(work.name + ".wal"))
    except OSError as exc:
        discard(work)
        if is_disk_full(exc):
            raise DiskFullError(disk_full_message(store.versions)) from None
        raise
    return work


def discard(work: Path) -> None:
    """Remove a working copy and its write-ahead log."""
    for path in (work, work.with_name(work.name + ".wal")):
        path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def next_number(store: Store) -> int:
    """One more than any version ever published here (numbers are never reused)."""
    last = int(store.counter.read_text()) if store.counter.exists() else 0
    return max([last, *store.numbers()]) + 1


def publish(store: Store, work: Path, info: dict) -> int:
    """Make a finished working copy (closed, checkpointed) the current version; its number."""
    if work.with_name(work.name + ".wal").exists():
        raise StoreError(f"{work} still has a write-ahead log: close its connection before publishing")
    number = next_number(store)
    target = store.version_file(number)
    _fsync(work)
    os.rename(work, target)
    _write_atomic(store.manifest(number), json.dumps(
        {"version": number, "published_at": datetime.now().isoformat(timespec="seconds"), **info}, default=str))
    _write_atomic(store.counter, str(number))
    was_plain = store.link.exists() and not store.link.is_symlink()
    swap = store.link.with_name(f".{store.link.name}.swap-{os.getpid()}")
    swap.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, store.link.parent), swap)
    os.replace(swap, store.link)                  # readers see the old version or the new one
    if was_plain:                                 # the unversioned file is superseded by version 1...
        store.link.with_name(store.link.name + ".wal").unlink(missing_ok=True)
    _fsync(store.link.parent)
    return number


def manifest(store: Store, number: int | None) -> dict:
    """What a version records about itself (empty for a plain file)."""
    if number is None or not store.manifest(number).exists():
        return {}
    return json.loads(store.manifest(number).read_text(encoding="utf-8"))


def collect_garbage(store: Store) -> list[int]:
    """Remove versions that are not current and that no reader holds; the numbers removed."""
    current = store.current_number()
    removed = []
    for number in store.numbers():
        if number == current:
            continue
        path = store.version_file(number)
        fd = leases.try_exclusive(path)
        if fd is None:
            continue                               # a reader still has it open
        try:
            path.unlink(missing_ok=True)
            store.manifest(number).unlink(missing_ok=True)
            removed.append(number)
        finally:
            leases.release(fd)
    return removed


def remove_work_files(store: Store) -> list[Path]:
    """Working copies left by a writer that stopped mid-job (call holding the writer lock)."""
    if not store.versions.is_dir():
        return []
    left = [p for p in store.versions.iterdir() if p.name.startswith(WORK_PREFIX)]
    for path in left:
        path.unlink(missing_ok=True)
    return left


def size_of_current(store: Store) -> int:
    current = store.current()
    return current.stat().st_size if current else 0


def is_version_file(path: Path) -> bool:
    return version_number(path) is not None
