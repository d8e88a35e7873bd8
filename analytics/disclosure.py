"""Disclosure control: no figure about fewer than K members, the same way everywhere."""
from __future__ import annotations

import numpy as np
import pandas as pd

K = 5
LABEL = f"< {K}"          # how a suppressed count is shown, in both languages


def _blank(frame: pd.DataFrame, count: str, columns: list[str], k: int) -> tuple[pd.DataFrame, np.ndarray]:
    """`columns` blanked in the rows whose `count` is below k (a copy only when some are); the rows."""
    small = frame[count].fillna(0).to_numpy() < k
    if small.any():
        frame = frame.copy()
        for column in [c for c in columns if c in frame]:
            frame[column] = frame[column].astype(float)
            frame.loc[small, column] = np.nan
    return frame, small


def suppress(frame: pd.DataFrame, count: str, columns: list[str] | None = None, k: int = K) -> pd.DataFrame:
    """Rows whose `count` is below k: `columns` (default: every numeric column) blanked and
    `suppressed` set True. The count itself is blanked too; show it as "< 5"."""
    if frame.empty or count not in frame:
        return frame.assign(suppressed=False) if "suppressed" not in frame else frame
    if columns is None:
        columns = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and c != "suppressed"]
    out, small = _blank(frame, count, columns, k)
    return out.assign(suppressed=small)


# Which count guards which figures, per kind of table.
REGION_COUNT = "active_members"
QUERY_GUARDS = {
    "groups_table": ("active_members", ["active_members", "reported_members", "share_steady", "share_poor"]),
    "region_commodities": ("active_members", ["active_members", "share_steady"]),
}


REGION_COLUMNS = ["active_members", "reporting_members", "completeness", "share_steady", "share_independent",
                  "share_vulnerable", "share_poor", "share_insufficient", "median_pl_ratio", "exits_12m",
                  "exit_rate_12m", "reentries_12m", "reentry_rate_12m", "median_income_change",
                  "median_income", "median_per_capita", "median_line_per_capita", "income_reports",
                  "fallback_line_members", "insufficient", "poor", "vulnerable", "steady", "independent",
                  "outlier_reports", "reported_members", "expected_members", "month_completeness"]
# Counts of registered members say nothing about anyone's income: guarded by the registered count.
REGISTRATION_COUNT = "registered_members"
REGISTRATION_COLUMNS = ["registered_members", "not_reporting_members", "share_not_reporting",
                        "members_in_silent_groups", "share_in_silent_groups"]


# Medians of the month's reports describe those reports: blanked when fewer than k reports, even
# among k or more reporting members (two reports' median is their mean).
REPORT_COUNT = "income_reports"
REPORT_COLUMNS = ["median_income", "median_per_capita", "median_line_per_capita", "median_pl_ratio"]


def suppress_regions(frame: pd.DataFrame, k: int = K) -> pd.DataFrame:
    """Region metrics (maps, rankings, headline figures) about fewer than k reporting members
    (`active_members`); medians of the month's reports about fewer than k reports; counts of
    registered members, not reporting and in silent groups are blanked only about fewer than k
    registered members. Group counts are not about members and stay."""
    for count, columns in ((REPORT_COUNT, REPORT_COLUMNS), (REGISTRATION_COUNT, REGISTRATION_COLUMNS)):
        if count in frame and not frame.empty:
            frame, _ = _blank(frame, count, columns, k)
    return suppress(frame, REGION_COUNT, [c for c in REGION_COLUMNS if c in frame], k=k)


def suppress_query(name: str, frame: pd.DataFrame, k: int = K) -> pd.DataFrame:
    if name not in QUERY_GUARDS:
        return frame
    count, columns = QUERY_GUARDS[name]
    return suppress(frame, count, [c for c in columns if c in frame], k=k)
