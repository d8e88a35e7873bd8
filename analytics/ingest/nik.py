"""NIK (national ID): validated by structure, kept only as a keyed hash plus a masked form.
The raw number never reaches the database, the logs or a rejection report."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from analytics.config import DATA_DIR

KEY_ENV = "KUBE_NIK_KEY"
KEY_FILE = DATA_DIR / "secrets" / "nik.key"


def key(path: Path = KEY_FILE) -> bytes:
    """The HMAC key: $KUBE_NIK_KEY, else data/secrets/nik.key (gitignored), created on first use.
    Losing it means NIKs can no longer be matched to stored members: back it up with the database."""
    configured = os.environ.get(KEY_ENV)
    if configured:
        return configured.encode()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def digest(nik: str, secret: bytes) -> str:
    return hmac.new(secret, nik.encode(), hashlib.sha256).hexdigest()


def mask(nik: str) -> str:
    """'7201234567890003' -> '7201********0003' (region and serial only)."""
    return nik[:4] + "*" * 8 + nik[-4:]


def redact(text: str) -> str:
    """A value for a report or a log: a NIK-like value shown masked."""
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    return mask(digits) if len(digits) >= 12 else "****"


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
