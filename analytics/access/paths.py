"""Where access data lives (each overridable by an environment variable, so tests and several
installations keep their own): private secrets, the embedded provider's accounts, the audit log."""
from __future__ import annotations

import os
from pathlib import Path

from analytics.config import DATA_DIR


def secrets_dir() -> Path:
    """Signing keys, cookie secrets, the client secret (mode 700, files 600, gitignored)."""
    return Path(os.environ.get("KUBE_SECRETS_DIR") or DATA_DIR / "secrets")


def accounts_path() -> Path:
    """The embedded provider's accounts (argon2id hashes), written private."""
    return Path(os.environ.get("KUBE_ACCOUNTS") or DATA_DIR / "identity" / "accounts.json")


def audit_path() -> Path:
    """The append-only audit log (SQLite, WAL), apart from the DuckDB store that dashboards
    open read-only."""
    return Path(os.environ.get("KUBE_AUDIT_DB") or DATA_DIR / "audit" / "audit.sqlite3")
