"""How Indonesian reports write months, and single-value parsing (one implementation: the
column parsers in `analytics.ingest.columns`)."""
from __future__ import annotations

from datetime import date

import pandas as pd

MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3,
    "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7,
    "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "nopember": 11,
    "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
    # older spellings and abbreviations still used in office letters: Pebruari, Mrt, Ags, Nop(ember)
    "peb": 2, "pebruari": 2, "mrt": 3, "ags": 8, "agst": 8, "nop": 11,
}


def _one(parser, text: str):
    column = pd.Series([str(text).strip()])
    values, errors = parser(column)
    if column[0] == "":
        raise ValueError("empty value")
    if pd.notna(errors[0]):
        raise ValueError(f"{errors[0]}: {text!r}")
    return values[0]


def parse_rupiah(text: str) -> int:
    """'Rp 1.500.000', '1.500.000', '1500000', 'Rp1.500.000,00' -> 1500000 (negative kept)."""
    from analytics.ingest.columns import rupiah
    return int(_one(rupiah, text))


def parse_month(text: str) -> date:
    """'2019-02', 'Feb 2019', 'Februari 2019', '28/02/2019', '2019-02-28' -> date(2019, 2, 1).
    A lone 'a/b/yyyy' value is read only when it settles its own day/month order."""
    from analytics.ingest.columns import month
    from analytics.ingest.dates import decide
    order = decide({"value": pd.Series([str(text).strip()])})
    return _one(lambda column: month(column, order), text)
