"""Which NIK key an import uses, checked against the fingerprint the database keeps.

A database that holds NIK hashes can only be matched with the key it was built with: an import
with a missing or different key would store the same people again as new members, so it is
refused. A database without any NIK gets a new key on its first members import."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics.ingest import nik
from analytics.ingest.read import ReportFileError

META_KEY = "nik_key_fingerprint"


@dataclass(frozen=True)
class NikKey:
    """The key for one import; `save` and `record` say what storing the rows must also write."""

    secret: bytes
    save: bool = False        # a new key: write the key file when the rows are stored
    record: bool = False      # write the fingerprint into the database's meta table
    notice: str | None = None


def stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchall()
    return rows[0][0] if rows else None


def _has_hashes(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM (SELECT 1 FROM members WHERE nik_hash IS NOT NULL LIMIT 1)")
                .fetchall()[0][0])


def _where() -> str:
    return f"${nik.KEY_ENV} atau / or {nik.key_file()}"


def resolve(con: duckdb.DuckDBPyConnection, may_create: bool) -> NikKey:
    """The key to hash this file's NIKs with, or a `ReportFileError` saying how to fix the key."""
    stored = stored_fingerprint(con)
    secret = nik.load_key()
    if stored is not None or _has_hashes(con):
        if secret is None:
            known = f" (sidik kunci / key fingerprint {stored[:8]})" if stored else ""
            raise ReportFileError(
                f"Kunci NIK tidak ditemukan ({_where()}), padahal basis data ini sudah berisi NIK ter-hash{known}. "
                "Pulihkan kunci dari cadangan; tanpa kunci yang sama anggota yang sama tersimpan lagi sebagai "
                "anggota baru. Tidak ada yang disimpan. / The NIK key is missing but this database already holds "
                "NIK hashes: restore the key from the backup (without it the same people would be stored again "
                "as new members). Nothing was stored.")
        if stored is not None and nik.fingerprint(secret) != stored:
            raise ReportFileError(
                f"Kunci NIK yang dipakai (sidik {nik.fingerprint(secret)[:8]}, dari {_where()}) bukan kunci basis "
                f"data ini (sidik {stored[:8]}). Pakai kunci yang dipakai saat basis data ini dibuat. Tidak ada yang "
                f"disimpan. / The NIK key in use (fingerprint {nik.fingerprint(secret)[:8]}) is not this database's "
                f"key (fingerprint {stored[:8]}): use the key the database was built with. Nothing was stored.")
        return NikKey(secret, record=stored is None)
    if secret is not None:
        return NikKey(secret, record=may_create)
    if not may_create:     # no NIK stored and none will be: a throwaway key matches nothing, as it should
        return NikKey(nik.new_key())
    return NikKey(nik.new_key(), save=True, record=True, notice=(
        f"Kunci NIK baru dibuat di {nik.key_file()} saat anggota disimpan; cadangkan bersama basis data. / "
        f"A new NIK key is written to {nik.key_file()} when the members are stored: back it up with the database."))


def persist(con: duckdb.DuckDBPyConnection, key: NikKey) -> None:
    """Inside the storing transaction: write a new key file and the fingerprint."""
    if key.save:
        nik.save_key(key.secret)
    if key.record:
        con.execute("DELETE FROM meta WHERE key = ?", [META_KEY])
        con.execute("INSERT INTO meta VALUES (?, ?)", [META_KEY, nik.fingerprint(key.secret)])
