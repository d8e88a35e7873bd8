"""Parsing the ways Indonesian reports write money, months and dates."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3,
    "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7,
    "july": 7, "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10, "nov": 11, "nopember": 11,
    "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}


def parse_rupiah(text: str) -> int:
    """'Rp 1.500.000', '1.500.000', '1500000', 'Rp1.500.000,00' -> 1500000 (negative kept)."""
    raw = str(text).strip()
    if not raw:
        raise ValueError("empty amount")
    negative = raw.startswith("-") or raw.startswith("(")
    body = re.sub(r"(?i)^[-(]?\s*rp\.?\s*", "", raw.lstrip("-(")).rstrip(")").strip()
    body = re.sub(r",\d{1,2}$", "", body)                 # decimal cents: Rp1.500.000,00
    if not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", body):
        raise ValueError(f"not a rupiah amount: {raw!r}")
    value = int(body.replace(".", ""))
    return -value if negative else value


def parse_month(text: str) -> date:
    """'2019-02', 'Feb 2019', 'Februari 2019', '28/02/2019', '2019-02-28' -> date(2019, 2, 1)."""
    raw = str(text).strip()
    lowered = raw.lower()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", lowered):
        year, month = int(m[1]), int(m[2])
    elif m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", lowered):
        year, month = int(m[3]), int(m[2])
    elif m := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", lowered):
        if m[1] not in MONTHS:
            raise ValueError(f"unknown month name {m[1]!r}")
        year, month = int(m[2]), MONTHS[m[1]]
    else:
        raise ValueError(f"not a month: {raw!r} (use 2019-02, Feb 2019 or 28/02/2019)")
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise ValueError(f"not a month: {raw!r}")
    return date(year, month, 1)


def parse_date(text: str) -> date:
    """'28/02/2019' or '2019-02-28' -> date(2019, 2, 28)."""
    raw = str(text).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        return date(int(m[3]), int(m[2]), int(m[1]))
    raise ValueError(f"not a date: {raw!r} (use 28/02/2019 or 2019-02-28)")
