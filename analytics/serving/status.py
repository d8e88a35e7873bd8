"""What the serving side of a store looks like: published version, writer, queue."""
from __future__ import annotations

import os

from analytics.serving import jobs, layout, leases, versions


def writer_pid(store: layout.Store) -> int | None:
    """The running writer's process id, or None when no writer holds the lock."""
    if not store.writer_lock.exists():
        return None
    fd = leases.try_exclusive(store.writer_lock)
    if fd is not None:
        leases.release(fd)
        return None
    try:
        return int(store.writer_lock.read_text() or 0) or None
    except (OSError, ValueError):
        return None


def serving_report(db: str | os.PathLike | None = None) -> str:
    store = layout.store(db)
    number = store.current_number()
    info = versions.manifest(store, number)
    lines = [f"published version: {number} (published {info.get('published_at')}, job {info.get('job')})"
             if number else "published version: the plain database file (no job has published yet)"]
    kept = [n for n in store.numbers() if n != number]
    if kept:
        lines.append(f"older versions still held by readers: {', '.join(map(str, kept))}")
    pid = writer_pid(store)
    lines.append(f"writer: running (pid {pid})" if pid else "writer: none running (commands run their own jobs)")
    waiting = jobs.queued(store)
    lines.append(f"jobs queued: {len(waiting)}")
    return "\n".join(lines)
