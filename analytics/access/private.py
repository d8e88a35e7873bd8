"""Files that hold secrets: created private from the start (directory 700, file 600, opened with
O_EXCL so a file someone else made is never taken over), written atomically."""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner can enter (created 700; an existing one is tightened)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, data: str) -> None:
    """Replace `path` with `data`, atomically, the new file 600 from its first byte."""
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")   # mkstemp creates 600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create_private(path: Path, data: str) -> bool:
    """Write `path` only if it does not exist (O_CREAT | O_EXCL, mode 600); True when created."""
    private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(data)
    return True


def secret_file(path: Path, nbytes: int = 32) -> str:
    """The random secret kept in `path`, generated on first use."""
    create_private(path, secrets.token_urlsafe(nbytes))
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        raise RuntimeError(f"{path} is empty: remove it to have a new secret generated")
    return value


def ensure_mode(path: Path) -> None:
    """Refuse a secret file that others can read (someone widened it by hand)."""
    mode = path.stat().st_mode & 0o077
    if mode:
        raise PermissionError(f"{path} is readable by others (mode {oct(path.stat().st_mode & 0o777)}); "
                              f"run: chmod 600 {path}")
