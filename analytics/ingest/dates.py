"""Day/month order of dates written `2/1/2026`: decided per file from its values, never guessed.

A day above 12 settles it (`13/02/2026` is day-month, `02/13/2026` month-day). A file where no
value settles it is refused for the dates that could be read both ways, unless the operator
says which order the file uses (the page's choice, `--date-order`). Real Excel date cells and
ISO dates (`2026-01-02`) are never ambiguous."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SLASHED = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?\s*$"
ORDERS = {"dmy": "hari/bulan/tahun / day/month/year", "mdy": "bulan/hari/tahun / month/day/year"}


@dataclass(frozen=True)
class DateOrder:
    """The order used for `a/b/yyyy` dates in one file, and why."""

    order: str | None          # 'dmy' | 'mdy' | None
    source: str                # 'values' | 'operator' | 'none' (no such dates) | 'equal' | 'undecided' | 'conflict'
    evidence: str = ""         # 'baris 5: 13/02/2026'

    @property
    def needed(self) -> bool:
        """True when the operator must say the order (nothing in the file settles it)."""
        return self.source == "undecided"

    def note(self) -> str | None:
        """One sentence for the result, or None when the file has no such dates."""
        if self.source == "values":
            return f"urutan tanggal: {ORDERS[self.order]} (ditentukan dari nilai, {self.evidence}) / date order taken from the values"
        if self.source == "operator":
            return f"urutan tanggal: {ORDERS[self.order]} (dipilih operator) / date order chosen by the operator"
        if self.source == "undecided":
            return ("urutan hari/bulan tidak dapat dipastikan dari file ini (tidak ada hari > 12): pilih urutan tanggal "
                    "atau tulis tanggal sebagai 2026-01-02 / the day/month order cannot be told from this file "
                    "(no day above 12): choose the date order or write dates as 2026-01-02")
        if self.source == "conflict":
            return (f"file ini mencampur hari/bulan dan bulan/hari ({self.evidence}) / the file mixes day/month and "
                    "month/day dates")
        return None

    def reason(self) -> str:
        """The rejection reason of a date that could be read both ways."""
        if self.source == "conflict":
            return (f"tanggal ambigu: file mencampur hari/bulan dan bulan/hari ({self.evidence}); tulis 2026-01-02 / "
                    "ambiguous date: the file mixes day/month and month/day; write 2026-01-02")
        return ("tanggal ambigu (hari/bulan atau bulan/hari?): tidak ada tanggal dengan hari > 12 di file ini; pilih "
                "urutan tanggal atau tulis 2026-01-02 / ambiguous date (day/month or month/day?): no date in the file "
                "has a day above 12; choose the date order or write 2026-01-02")


def _where(column: pd.Series, value: str) -> str:
    """'baris 5: 13/02/2026' (the first row holding `value`)."""
    return f"baris / row {column.index[column == value][0]}: {value}"


def decide(columns: dict[str, pd.Series], given: str | None = None) -> DateOrder:
    """The order for the `a/b/yyyy` values in these text columns (all date and month columns of a file)."""
    if given is not None and given not in ORDERS:
        raise ValueError(f"date order must be one of {', '.join(ORDERS)}")
    first_day = first_month = None
    seen = unequal = False
    for column in columns.values():
        distinct = pd.Series(column[column != ""].unique(), dtype=object)
        if distinct.empty:
            continue
        parts = distinct.astype(str).str.extract(SLASHED)
        found = parts[0].notna()
        if not found.any():
            continue
        seen = True
        a, b = pd.to_numeric(parts.loc[found, 0]), pd.to_numeric(parts.loc[found, 1])
        unequal = unequal or bool((a != b).any())
        if first_day is None and (a > 12).any():
            first_day = _where(column, distinct[found][a > 12].iloc[0])
        if first_month is None and (b > 12).any():
            first_month = _where(column, distinct[found][b > 12].iloc[0])
    if given is not None:
        return DateOrder(given, "operator")
    if not seen:
        return DateOrder(None, "none")
    if first_day is not None and first_month is not None:
        return DateOrder(None, "conflict", f"{first_day} dan / and {first_month}")
    if first_day is not None:
        return DateOrder("dmy", "values", first_day)
    if first_month is not None:
        return DateOrder("mdy", "values", first_month)
    if not unequal:
        return DateOrder(None, "equal")
    return DateOrder(None, "undecided")
