"""NIK (national ID): validated by structure, kept only as a keyed hash plus a masked form.
The raw number never reaches the database, the logs or a rejection report.

The HMAC key lives outside the database ($KUBE_NIK_KEY, else the key file); the database keeps
only the key's fingerprint, so an import with a lost or different key is refused instead of
storing the same people again as new members (`analytics.ingest.nik_key`)."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from analytics.config import DATA_DIR
from analytics.ingest.privacy import mask, redact, scrub  # noqa: F401  (re-exported for the page)

KEY_ENV = "KUBE_NIK_KEY"
KEY_FILE_ENV = "KUBE_NIK_KEY_FILE"
KEY_FILE = DATA_DIR / "secrets" / "nik.key"
_FINGERPRINT_LABEL = b"pantau-kube/nik-key-fingerprint/v1"


def key_file() -> Path:
    """Where the key file is: $KUBE_NIK_KEY_FILE, else data/secrets/nik.key (gitignored)."""
    configured = os.environ.get(KEY_FILE_ENV)
    return Path(configured) if configured else KEY_FILE


def load_key(path: Path | None = None) -> bytes | None:
    """The HMAC key from $KUBE_NIK_KEY or the key file; None when neither exists (never created here)."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return configured.encode()
    path = path or key_file()
    if not path.exists():
        return None
    return path.read_text().strip().encode()


def new_key() -> bytes:
    return secrets.token_hex(32).encode()


def save_key(secret: bytes, path: Path | None = None) -> Path:
    """Write a new key file (mode 600). Never overwrites a different existing key."""
    path = path or key_file()
    if path.exists():
        if path.read_text().strip().encode() != secret:
            raise FileExistsError(f"{path} already holds a different NIK key")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secret.decode())
    path.chmod(0o600)
    return path


def key(path: Path | None = None) -> bytes:
    """The key, created on first use (for tools outside an import; imports use `nik_key.resolve`)."""
    secret = load_key(path)
    if secret is None:
        secret = new_key()
        save_key(secret, path)
    return secret


def fingerprint(secret: bytes) -> str:
    """A public fingerprint of the key (an HMAC of a fixed label): tells keys apart, reveals nothing."""
    return hmac.new(secret, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def digest(nik: str, secret: bytes) -> str:
    return hmac.new(secret, nik.encode(), hashlib.sha256).hexdigest()


def check(text: str, regency_codes: set[str]) -> tuple[str | None, str | None]:
    """(the 16 digits, None) when plausible; (None, reason) otherwise."""
    from lokal.nik import parse_nik

    info = parse_nik(str(text))
    if info.nik is None:
        return None, "NIK harus 16 digit / NIK must be 16 digits"
    if info.errors:
        return None, "NIK tidak valid: " + "; ".join(issue.message for issue in info.errors)
    if info.regency_code not in regency_codes:
        return None, f"kode wilayah NIK {info.regency_code} tidak dikenal / unknown region in NIK"
    return info.nik, None
