"""Numbers, money and months the way readers expect them: Rp1.500.000, 12,5%, September 2026."""
from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_date

from analytics.i18n import t

LOCALES = {"id": "id_ID", "en": "en_US"}
# Grouping and decimal marks: id_ID writes 1.234,5 and en_US 1,234.5 (as babel's CLDR data;
# formatted here directly because babel parses its locale on every call, ~30 us, and tables
# format thousands of amounts per page run).
_SWAP_MARKS = {"id": str.maketrans({",": ".", ".": ","}), "en": None}


def _missing(value: float | None) -> bool:
    """None, NaN and pandas' NA all read as missing."""
    if value is None:
        return True
    try:
        return bool(value != value) or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """A grouped number: 1.043.727 (id) or 1,043,727 (en); '–' when missing."""
    if _missing(value):
        return "–"
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = f"{exact:,.{decimals}f}"
    return text.translate(_SWAP_MARKS[lang]) if _SWAP_MARKS[lang] else text


def rupiah(value: float | None, lang: str) -> str:
    """Rupiah without decimals: Rp1.500.000 (id) or Rp1,500,000 (en)."""
    if _missing(value):
        return "–"
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{number(abs(round(value)), lang)}"


def percent(share: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0-1) as a percentage: 12,5% (id) or 12.5% (en)."""
    if _missing(share):
        return "–"
    return number(share * 100, lang, decimals) + "%"


def change(now: float | None, before: float | None, lang: str, points: bool = False) -> str | None:
    """A change against an earlier value: '+1,2 poin' / '+1.2 pts' for shares (points=True),
    '+1.234' / '-56' for counts; None when either value is missing."""
    if _missing(now) or _missing(before):
        return None
    difference = now - before
    if points:
        sign = "+" if difference >= 0 else ""          # a negative number carries its own minus
        return sign + number(difference * 100, lang, 1) + " " + t("unit.points", lang)
    return ("+" if difference >= 0 else "-") + number(abs(difference), lang)


def month(value: date | None, lang: str, short: bool = False) -> str:
    """A month as 'September 2026' (or 'Sep 2026' when short)."""
    if value is None:
        return "–"
    return format_date(value, format="LLL y" if short else "LLLL y", locale=LOCALES[lang])


def day(value: date | None, lang: str) -> str:
    """A date as 01-12-2026 (id) or 2026-12-01 (en)."""
    return "–" if value is None else value.strftime(t("format.day", lang))


def metric_value(unit: str, value: float | None, lang: str) -> str:
    """A metric by its unit: 'share' 34,5%; 'change' +12,0%; 'points' +2,3 poin; 'ratio' 1,08;
    'members' 1.234; 'rupiah' Rp1.500.000."""
    if _missing(value):
        return "–"
    if unit == "share":
        return percent(value, lang)
    if unit == "points":
        return change(value, 0.0, lang, points=True)
    if unit == "rupiah":
        return rupiah(value, lang)
    if unit == "change":
        return ("+" if value > 0 else "") + percent(value, lang)
    if unit == "ratio":
        return number(value, lang, 2)
    return number(value, lang)
