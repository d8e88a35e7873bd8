"""Change over 12 months of a region's shares, in percentage points: where steady income, poverty
and independence are rising or falling."""
from __future__ import annotations

from datetime import date

import pandas as pd

CHANGES = {"share_steady_change": "share_steady", "share_poor_change": "share_poor",
           "share_independent_change": "share_independent"}


def twelve_months_before(month: date) -> date:
    return (pd.Timestamp(month) - pd.DateOffset(months=12)).date()


def with_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """`now` with a `<share>_change` column per share: now minus 12 months earlier (missing where
    either month has no figure, e.g. a suppressed region)."""
    out = now.copy()
    if before.empty or "region_code" not in before:
        for change in CHANGES:
            out[change] = float("nan")
        return out
    earlier = before.set_index("region_code")
    for change, share in CHANGES.items():
        out[change] = out[share] - out["region_code"].map(earlier[share])
    return out
