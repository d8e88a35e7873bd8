"""File locks (flock) that say who holds what across processes.

A reader holds a shared lock on every version file it has open, so the writer removes an old
version only when no reader holds it. The writer lock is exclusive: one writer at a time.
flock locks belong to an open file and vanish with the process, so a killed process never
leaves a stale lock behind.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


def hold_shared(path: Path) -> int | None:
    """A shared lock on `path` (blocking briefly while the writer checks it), or None if the
    file is gone. The caller closes the returned descriptor to release it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    fcntl.flock(fd, fcntl.LOCK_SH)
    try:
        same = os.fstat(fd).st_ino == os.stat(path).st_ino    # not removed while we waited
    except FileNotFoundError:
        same = False
    if not same:
        os.close(fd)
        return None
    return fd


def try_exclusive(path: Path, create: bool = False) -> int | None:
    """An exclusive lock on `path` if nobody holds any lock on it, else None."""
    flags = os.O_RDWR | os.O_CLOEXEC | (os.O_CREAT if create else 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass
