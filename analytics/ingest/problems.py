"""Rejections and review flags, collected a whole column at a time. Every value shown is masked:
a NIK column's values are redacted, and any long digit run in any other column is masked too."""
from __future__ import annotations

import pandas as pd

from analytics.ingest.privacy import redact, scrub, scrub_series

REPORT_COLUMNS = ["row", "column", "value", "reason"]


class Problems:
    """Rejections and review flags, vectorised: a mask of rows, a column, a reason."""

    def __init__(self, frame: pd.DataFrame, headers: dict[str, str], nik_columns: set[str] = frozenset({"nik"})):
        self.frame, self.headers, self.nik_columns = frame, headers, nik_columns
        self.rejected: list[pd.DataFrame] = []
        self.flagged: list[pd.DataFrame] = []

    def _rows(self, mask: pd.Series, column: str, reason: str | pd.Series, value: pd.Series | None) -> pd.DataFrame:
        header = self.headers.get(column, column)
        index = mask[mask.fillna(False).astype(bool)].index
        if value is None:
            value = self.frame[column] if column in self.frame else pd.Series("", index=self.frame.index)
        shown = value.reindex(index).fillna("").astype(str)
        shown = shown.map(lambda v: redact(v) if v else "") if column in self.nik_columns else scrub_series(shown)
        reasons = reason.reindex(index).map(scrub) if isinstance(reason, pd.Series) else scrub(reason)
        return pd.DataFrame({"row": index, "column": scrub(header), "value": shown.to_numpy(), "reason": reasons})

    def reject(self, mask: pd.Series, column: str, reason: str | pd.Series, value: pd.Series | None = None) -> None:
        if mask.fillna(False).any():
            self.rejected.append(self._rows(mask, column, reason, value))

    def flag(self, mask: pd.Series, column: str, reason: str | pd.Series) -> None:
        if mask.fillna(False).any():
            self.flagged.append(self._rows(mask, column, reason, None))

    @staticmethod
    def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
        if not parts:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        out = pd.concat(parts, ignore_index=True).sort_values(["row", "column"], kind="stable")
        return out.drop_duplicates(["row", "column"]).reset_index(drop=True)

    def rejected_frame(self) -> pd.DataFrame:
        return self._frame(self.rejected)

    def flagged_frame(self) -> pd.DataFrame:
        """Flags of rows that are kept: a rejected row is reported once, as rejected."""
        flagged = self._frame(self.flagged)
        rejected = set(self._frame(self.rejected)["row"])
        return flagged[~flagged["row"].isin(rejected)].reset_index(drop=True)
