"""What is in a database: table sizes, latest month, provenance."""
from __future__ import annotations

from pathlib import Path

from analytics.metrics.months import month_state
from analytics.store import StoreError, connect, is_synthetic, meta, migrate, schema_version, table_counts


def status_report(path: Path) -> str:
    """A plain-text report; upgrades an older schema in place on the way."""
    if not path.exists():
        raise StoreError(f"No database at {path}. Create one with `python -m analytics demo`.")
    con = connect(path)
    try:
        before = schema_version(con)
        after = migrate(con)
        counts = table_counts(con)
        latest = con.execute("SELECT max(month) FROM member_income").fetchall()[0][0]
        state = month_state(con)
        info = meta(con)
        synthetic = is_synthetic(con)
    finally:
        con.close()
    lines = [f"database: {path}", f"schema version: {after}" + (f" (upgraded from {before})" if before != after else "")]
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
    width = max(len(n) for n in counts)
    lines.append("rows per table:")
    lines += [f"  {name:<{width}}  {n:>12,}" for name, n in counts.items()]
    return "\n".join(lines)
