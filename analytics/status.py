"""What is in a database: table sizes, latest month, provenance."""
from __future__ import annotations

from pathlib import Path

from analytics.store import StoreError, connect, is_synthetic, meta, schema_version, table_counts


def status_report(path: Path, upgraded: str | None = None) -> str:
    """A plain-text report of the published version (read-only; `upgraded` notes a schema upgrade)."""
    if not path.exists():
        raise StoreError(f"No database at {path}. Create one with `python -m analytics demo`.")
    con = connect(path, read_only=True)
    try:
        after = schema_version(con)
        counts = table_counts(con)
        latest = con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        info = meta(con)
        synthetic = is_synthetic(con)
    finally:
        con.close()
    lines = [f"database: {path}", f"schema version: {after}" + (f" {upgraded}" if upgraded else "")]
    lines.append(f"latest income month: {latest:%Y-%m}" if latest else "latest income month: none")
    if synthetic:
        lines.append(f"data: SYNTHETIC (demo scale={info.get('scale')}, seed={info.get('seed')}, "
                     f"generated {info.get('generated_at')})")
    else:
        lines.append("data: imported (not synthetic)")
    width = max(len(n) for n in counts)
    lines.append("rows per table:")
    lines += [f"  {name:<{width}}  {n:>12,}" for name, n in counts.items()]
    return "\n".join(lines)
