"""Where a store keeps its published versions, its job queue and its locks.

`KUBE_DB` (default `data/kube.duckdb`) names what readers open. It is either a symbolic link
to the current published version, `<stem>.versions/v000012.duckdb`, or, before the first
job, a plain DuckDB file (a test fixture, a demo database built by an older version), which
readers treat as the published version. Only the writer creates versions; nothing ever
opens a published version read-write.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from analytics.config import db_path

_VERSION = re.compile(r"^v(\d{6,})\.duckdb$")


@dataclass(frozen=True)
class Store:
    """The paths of one store, derived from the path readers open."""

    link: Path

    @property
    def versions(self) -> Path:
        return self.link.parent / f"{self.link.stem}.versions"

    @property
    def jobs(self) -> Path:
        return self.versions / "jobs"

    @property
    def writer_lock(self) -> Path:
        return self.versions / "writer.lock"

    @property
    def counter(self) -> Path:
        return self.versions / "last_version"

    def version_file(self, number: int) -> Path:
        return self.versions / f"v{number:06d}.duckdb"

    def manifest(self, number: int) -> Path:
        return self.versions / f"v{number:06d}.json"

    def is_versioned(self) -> bool:
        """True once a job has published: the link points into the versions folder."""
        return self.link.is_symlink()

    def current(self) -> Path | None:
        """The file readers open now (the link resolved), or None when there is none."""
        try:
            target = self.link.resolve(strict=True)
        except (FileNotFoundError, RuntimeError):
            return None
        return target if target.is_file() else None

    def current_number(self) -> int | None:
        """The current version's number (None for a plain, unversioned file or none)."""
        current = self.current()
        return version_number(current) if current and self.is_versioned() else None

    def numbers(self) -> list[int]:
        """Numbers of every version file present, oldest first."""
        if not self.versions.is_dir():
            return []
        found = (version_number(p) for p in self.versions.iterdir())
        return sorted(n for n in found if n is not None)

    def ensure(self) -> None:
        """Create the versions and jobs folders (private: uploads may hold personal data)."""
        self.jobs.mkdir(parents=True, exist_ok=True)
        os.chmod(self.jobs, 0o700)


def version_number(path: Path) -> int | None:
    match = _VERSION.match(path.name)
    return int(match.group(1)) if match else None


def store(explicit: str | os.PathLike | None = None) -> Store:
    """The store named by `--db`, else `KUBE_DB`, else `data/kube.duckdb`."""
    return Store(db_path(explicit))
