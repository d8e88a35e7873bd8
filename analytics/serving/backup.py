"""`backup DEST` and `restore SOURCE`: the published version with the secrets needed to use it.

A published version never changes, so a copy of its file (made while holding a reader's lock,
so the writer cannot remove it meanwhile) is a consistent backup. The NIK key goes with it:
without it, NIKs in later imports can no longer be matched to stored members. Identity data
(the login provider's users, Streamlit's `secrets.toml` with the cookie secret) go with it
when present. A restore is a writer job: the backup becomes a new published version.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from datetime import datetime
from pathlib import Path

from analytics.config import DATA_DIR, ROOT
from analytics.ingest import nik
from analytics.serving import jobs, leases
from analytics.serving.layout import Store, version_number
from analytics.serving.reader import attach_read_only
from analytics.serving.versions import manifest
from analytics.store import StoreError, table_counts

DB_NAME = "kube.duckdb"
STREAMLIT_SECRETS = ROOT / ".streamlit" / "secrets.toml"


def secrets_dir(store: Store) -> Path:
    """Where a store's secrets live: `data/secrets/` for the default store, else beside the store."""
    return DATA_DIR / "secrets" if store.link.parent.resolve() == DATA_DIR.resolve() else store.link.parent / "secrets"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _extra_paths() -> list[Path]:
    """Identity data named by `KUBE_BACKUP_EXTRA` (paths separated by ':'), plus secrets.toml."""
    named = [Path(p) for p in os.environ.get("KUBE_BACKUP_EXTRA", "").split(":") if p]
    return [p for p in [*named, STREAMLIT_SECRETS] if p.exists()]


def _copy_tree(source: Path, target: Path, root: Path | None = None) -> list[str]:
    """Copy a file or folder; the files written, relative to `root`."""
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
        written = [p for p in target.rglob("*") if p.is_file()]
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        written = [target]
    return [str(p.relative_to(root)) for p in written] if root else []


def backup(store: Store, dest: Path) -> str:
    """Write a backup of the published version into `dest` (new or empty); a summary line."""
    if dest.exists() and any(dest.iterdir()):
        raise StoreError(f"{dest} is not empty; choose a new folder for the backup")
    started = time.perf_counter()
    for _ in range(5):
        current = store.current()
        if current is None:
            raise StoreError(f"No published version at {store.link} to back up")
        lease = leases.hold_shared(current)          # the writer keeps it while we copy
        if lease is not None:
            break
    else:
        raise StoreError("the published version kept changing; try again")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        os.chmod(dest, 0o700)
        shutil.copyfile(current, dest / DB_NAME)
    finally:
        leases.release(lease)
    con = attach_read_only(dest / DB_NAME)
    try:
        counts = table_counts(con)
    finally:
        con.close()
    files = [DB_NAME]
    secrets = dest / "secrets"
    own = secrets_dir(store)
    if own.exists():
        files += _copy_tree(own, secrets, dest)
    if os.environ.get(nik.KEY_ENV):                   # the key came from the environment: keep it too
        secrets.mkdir(exist_ok=True)
        (secrets / "nik.key").write_text(os.environ[nik.KEY_ENV])
        files.append("secrets/nik.key")
    elif not (secrets / "nik.key").exists() and nik.KEY_FILE.exists():
        secrets.mkdir(exist_ok=True)
        shutil.copy2(nik.KEY_FILE, secrets / "nik.key")
        files.append("secrets/nik.key")
    identity = {}
    for extra in _extra_paths():
        files += _copy_tree(extra, dest / "identity" / extra.name, dest)
        identity[extra.name] = str(extra.resolve())
    for path in dest.rglob("*"):
        if path.is_file():
            path.chmod(0o600)
    number = version_number(current) if store.is_versioned() else None
    info = {"created_at": datetime.now().isoformat(timespec="seconds"), "source": str(store.link),
            "version": number, "published_at": manifest(store, number).get("published_at"),
            "counts": counts, "identity": identity, "files": {f: _sha256(dest / f) for f in sorted(set(files))}}
    (dest / "backup.json").write_text(json.dumps(info, indent=2))
    size = (dest / DB_NAME).stat().st_size
    return (f"Backed up {store.link} (version {number or 'plain file'}, {size / 2**20:,.0f} MiB, "
            f"{len(info['files'])} files) to {dest} in {time.perf_counter() - started:.1f} s")


def verify(source: Path) -> dict:
    """The backup's record, after checking every file against its checksum."""
    record = source / "backup.json"
    if not record.exists():
        raise StoreError(f"{source} is not a backup (no backup.json)")
    info = json.loads(record.read_text())
    for name, digest in info["files"].items():
        path = source / name
        if not path.exists() or _sha256(path) != digest:
            raise StoreError(f"backup file {name} is missing or damaged; not restored")
    return info


def restore(source: Path, store: Store, force: bool = False) -> str:
    """Make a backup the store's published version (a writer job) and put its secrets back."""
    from analytics.serving.writer import submit_and_wait

    info = verify(source)
    if store.current() is not None and not force:
        raise StoreError(f"{store.link} already holds a database; use --force to replace it with the backup")
    target = secrets_dir(store)
    key = source / "secrets" / "nik.key"
    existing = target / "nik.key"
    if key.exists() and existing.exists() and existing.read_bytes() != key.read_bytes():
        if not force:
            raise StoreError(f"{existing} holds a different NIK key; use --force (the old key is kept beside it)")
        existing.rename(existing.with_name(f"nik.key.before-restore-{int(time.time())}"))
    job = submit_and_wait(store, "restore", {"source": str(source.resolve())})
    if job.state != jobs.PUBLISHED:
        raise StoreError(job.message)
    if (source / "secrets").exists():
        shutil.copytree(source / "secrets", target, dirs_exist_ok=True)
        os.chmod(target, 0o700)
    kept = []
    for name, original in info.get("identity", {}).items():
        where = Path(original)
        if where.exists() and not force:
            where = store.link.parent / "identity-restored" / name
            kept.append(str(where))
        _copy_tree(source / "identity" / name, where)
    note = (f" Identity data already present were left alone; the backup's copies are in {', '.join(kept)}."
            if kept else "")
    note += ("" if target.resolve() == nik.KEY_FILE.parent.resolve() else
            f" The NIK key is in {target / 'nik.key'}: set KUBE_NIK_KEY from it to import NIKs into this store.")
    return (f"Restored {source} (backup of version {info.get('version')}, {info['created_at']}) as version "
            f"{job.version} of {store.link}; secrets in {target}.{note}")
