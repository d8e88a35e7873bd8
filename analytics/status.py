"""What is in a database: table sizes, latest month, provenance."""
from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.access.scope import Scope
from analytics.metrics.months import month_state
from analytics.store import StoreError, connect, is_synthetic, meta, schema_version, table_counts


def mart_state(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """'marts: up to date ...' or 'marts: STALE ...' with the command that completes them."""
    from analytics.metrics.policy import DEFAULT_POLICY
    from analytics.metrics.refresh import data_version

    rows = con.execute("SELECT refreshed_at, data_version FROM mart_refresh WHERE params_key = ?",
                       [DEFAULT_POLICY.key()]).fetchall()
    command = f"python -m analytics refresh --db {path}"
    if not rows:
        return f"marts: NOT BUILT for the default policy; run `{command}`"
    refreshed_at, version = rows[0]
    later = con.execute("SELECT count(*) FROM import_batches WHERE imported_at > ?", [refreshed_at]).fetchall()[0][0]
    if version != data_version(con) or later:
        return (f"marts: STALE (data changed after the last refresh at {refreshed_at:%Y-%m-%d %H:%M}"
                f"{f'; {later} import batch(es) since' if later else ''}); run `{command}`")
    return f"marts: up to date (refreshed {refreshed_at:%Y-%m-%d %H:%M})"


def nik_key_state(con: duckdb.DuckDBPyConnection) -> str:
    """Whether the NIK key in use is this database's (by fingerprint); never shows the key."""
    from analytics.ingest import nik
    from analytics.ingest.nik_key import stored_fingerprint

    stored = stored_fingerprint(con)
    secret = nik.load_key()
    if stored is None:
        return "NIK key: no fingerprint recorded (recorded with the first members import or `init`)"
    if secret is None:
        return f"NIK key: MISSING (this database's key has fingerprint {stored[:8]}); restore it before importing members"
    if nik.fingerprint(secret) != stored:
        return f"NIK key: DIFFERENT from this database's (fingerprint {stored[:8]}); members imports are refused"
    return f"NIK key: matches this database (fingerprint {stored[:8]})"


def status_report(path: Path, upgraded: str | None = None) -> str:
    """A plain-text report of the published version (read-only; `upgraded` notes a schema upgrade)."""
    if not path.exists():
        raise StoreError(f"No database at {path}. Create one with `python -m analytics demo`.")
    con = connect(path, read_only=True)
    try:
        after = schema_version(con)
        counts = table_counts(con)
        latest = con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        state = month_state(con, scope=Scope.nation())
        info = meta(con)
        synthetic = is_synthetic(con)
        marts = mart_state(con, path)
        key_line = nik_key_state(con)
    finally:
        con.close()
    lines = [f"database: {path}", f"schema version: {after}" + (f" {upgraded}" if upgraded else "")]
    lines.append(f"latest income month: {latest:%Y-%m}" if latest else "latest income month: none")
    if state.latest_complete:
        provisional = ", ".join(f"{r.month:%Y-%m} {r.month_completeness:.0%}" for r in state.provisional.itertuples())
        lines.append(f"latest complete month: {state.latest_complete:%Y-%m} (completeness threshold "
                     f"{state.threshold:.0%}" + (f"; provisional: {provisional})" if provisional else ")"))
    if synthetic:
        lines.append(f"data: SYNTHETIC (demo scale={info.get('scale')}, seed={info.get('seed')}, "
                     f"generated {info.get('generated_at')})")
    else:
        lines.append("data: imported (not synthetic)")
    lines.append(marts)
    lines.append(key_line)
    width = max(len(n) for n in counts)
    lines.append("rows per table:")
    lines += [f"  {name:<{width}}  {n:>12,}" for name, n in counts.items()]
    return "\n".join(lines)
