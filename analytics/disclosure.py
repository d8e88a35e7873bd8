"""Disclosure control: no figure about fewer than K members, the same way everywhere."""
from __future__ import annotations

import numpy as np
import pandas as pd

K = 5
LABEL = f"< {K}"          # how a suppressed count is shown, in both languages


def suppress(frame: pd.DataFrame, count: str, columns: list[str] | None = None, k: int = K) -> pd.DataFrame:
    """Rows whose `count` is below k: `columns` (default: every numeric column) blanked and
    `suppressed` set True. The count itself is blanked too; show it as "< 5"."""
    if frame.empty or count not in frame:
        return frame.assign(suppressed=False) if "suppressed" not in frame else frame
    out = frame.copy()
    small = out[count].fillna(0).to_numpy() < k
    if columns is None:
        columns = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c]) and c != "suppressed"]
    for column in columns:
        if small.any():
            out[column] = out[column].astype(float)
            out.loc[small, column] = np.nan
    out["suppressed"] = small
    return out


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
    if REPORT_COUNT in frame and not frame.empty:
        few = frame[REPORT_COUNT].fillna(0).to_numpy() < k
        if few.any():
            frame = frame.copy()
            for column in [c for c in REPORT_COLUMNS if c in frame]:
                frame[column] = frame[column].astype(float)
                frame.loc[few, column] = np.nan
    if REGISTRATION_COUNT in frame and not frame.empty:
        few = frame[REGISTRATION_COUNT].fillna(0).to_numpy() < k
        if few.any():
            frame = frame.copy()
            for column in [c for c in REGISTRATION_COLUMNS if c in frame]:
                frame[column] = frame[column].astype(float)
                frame.loc[few, column] = np.nan
    return suppress(frame, REGION_COUNT, [c for c in REGION_COLUMNS if c in frame], k=k)


def suppress_query(name: str, frame: pd.DataFrame, k: int = K) -> pd.DataFrame:
    if name not in QUERY_GUARDS:
        return frame
    count, columns = QUERY_GUARDS[name]
    return suppress(frame, count, [c for c in columns if c in frame], k=k)
