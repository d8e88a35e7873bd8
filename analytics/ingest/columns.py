"""Vectorised parsing of report columns: each parser takes the file's text column (and, for
workbook cells that were numbers, the number behind them) and returns (typed values, error per
row or None). Whole columns at once; each distinct spelling of a month or an amount parsed once.
Empty cells are neither values nor errors here; the importer decides whether a column may be empty."""
from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from analytics.ingest.dates import SLASHED, DateOrder
from analytics.ingest.values import MONTHS

Parsed = tuple[pd.Series, pd.Series]
NO_ORDER = DateOrder(None, "none")


def _errors(index: pd.Index) -> pd.Series:
    return pd.Series(None, index=index, dtype=object)


def _by_distinct(parse):
    """Parse each distinct spelling once: a report file repeats the same few months and dates."""
    def wrapped(column: pd.Series, *args, **kwargs) -> Parsed:
        distinct = pd.Series(column.unique(), dtype=object)
        if len(distinct) * 2 > len(column):
            return parse(column, *args, **kwargs)
        values, errors = parse(distinct, *args, **kwargs)
        lookup_values = dict(zip(distinct, values))
        lookup_errors = dict(zip(distinct, errors))
        return column.map(lookup_values), column.map(lookup_errors)
    wrapped.__doc__ = parse.__doc__
    return wrapped


def _with_numbers(values: pd.Series, errors: pd.Series, numbers: pd.Series | None, convert) -> Parsed:
    """Where a workbook cell was a number, the number decides (its text is never re-read by locale rules)."""
    if numbers is None:
        return values, errors
    given = numbers.reindex(values.index).notna()
    if not given.any():
        return values, errors
    number_values, number_errors = convert(numbers[given])
    values = values.astype(object).copy()
    values[given] = number_values
    errors = errors.astype(object).copy()
    errors[given] = number_errors
    return values, errors


def text(column: pd.Series, numbers: pd.Series | None = None) -> Parsed:
    return column.where(column != "", None), _errors(column.index)


def integer(column: pd.Series, numbers: pd.Series | None = None) -> Parsed:
    errors = _errors(column.index)
    ok = column.str.fullmatch(r"-?\d{1,12}")
    values = pd.to_numeric(column.where(ok), errors="coerce").astype("Int64")
    errors[~ok & (column != "")] = "bukan bilangan bulat / not a whole number"

    def convert(n: pd.Series) -> Parsed:
        whole = (n == n.round()) & (n.abs() < 1e12)
        return (n.where(whole).round().astype("Int64"),
                pd.Series(np.where(whole, None, "bukan bilangan bulat / not a whole number"), index=n.index, dtype=object))

    values, errors = _with_numbers(values, errors, numbers, convert)
    return values.astype("Int64"), errors


def decimal(column: pd.Series, numbers: pd.Series | None = None) -> Parsed:
    """'12,5' (Indonesian decimal comma), '12.5', '1.250' is read as 1250 only with a thousands dot pattern."""
    errors = _errors(column.index)
    cleaned = column.str.replace(r"^(-?\d{1,3}(?:\.\d{3})+)(,\d+)?$", lambda m: m[1].replace(".", "") + (m[2] or ""),
                                 regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce")
    errors[values.isna() & (column != "")] = "bukan angka / not a number"
    values, errors = _with_numbers(values, errors, numbers,
                                   lambda n: (n, pd.Series(None, index=n.index, dtype=object)))
    return pd.to_numeric(values, errors="coerce"), errors


# --- rupiah ------------------------------------------------------------------------------------

def _thousands(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def likely_meaning(value: float) -> str:
    """'1,5 juta = Rp1.500.000' for a small number people write in millions (or thousands)."""
    if value < 1000:
        return f"{_thousands(value)} juta = Rp{_thousands(round(value * 1_000_000))}"
    return f"{_thousands(value)} ribu = Rp{_thousands(round(value * 1000))}"


def _small(value: float) -> str:
    return (f"jumlah terlalu kecil, mungkin ditulis dalam juta atau ribu ({likely_meaning(value)}?); tulis jumlah rupiah "
            f"lengkap / amount too small, probably written in millions or thousands; write the full rupiah amount")


_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(juta|jt|ribu|rb|k)\.?$")
_FORMS = (   # (pattern, thousands separator, decimal separator), tried in order
    (re.compile(r"^\d+$"), None, None),
    (re.compile(r"^\d{1,3}(?:\.\d{3})+$"), ".", None),
    (re.compile(r"^\d{1,3}(?:,\d{3})+$"), ",", None),
    (re.compile(r"^(?:\d{1,3}(?:\.\d{3})+|\d+),\d+$"), ".", ","),
    (re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$"), ",", "."),
)
UNREADABLE = "jumlah rupiah tidak terbaca (tulis 1500000 atau Rp 1.500.000) / not a rupiah amount"
DASH = ("'-' bukan jumlah: tulis 0 bila tidak ada pendapatan, atau kosongkan barisnya bila belum melapor / "
        "'-' is not an amount: write 0 for no income, or leave the row out if the member did not report")


def _rupiah_one(raw: str) -> tuple[float | None, str | None]:
    """One spelling -> (rupiah, None) or (None, reason). Fractions of a rupiah are rounded; a
    small number with decimals ('1,5') is refused as a likely amount in millions."""
    text = raw.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"[-\u2013\u2014]+", text):                  # a dash, as offices write "nothing"
        return None, DASH
    text = re.sub(r"(?<=\d)\s*[.,]-+$", "", text)             # 'Rp 1.250.000,-', '1.250.000.-'
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text[1:-1] if text.startswith("(") and text.endswith(")") else text.lstrip("-")
    text = re.sub(r"^(?:rp|idr)\.?\s*", "", text.strip())
    text = re.sub(r"\s*(?:rp|idr)\.?$", "", text).strip()
    if text.startswith("-"):                                    # 'Rp -500.000'
        negative, text = True, text[1:].strip()
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", text):
        text = text.replace(" ", "")
    unit = _UNIT.match(text)
    if unit:
        number = float(unit[1].replace(",", "."))
        factor = 1_000_000 if unit[2] in ("juta", "jt") else 1000
        return None, (f"tulis jumlah rupiah lengkap: {raw.strip()} = Rp{_thousands(number * factor)} / "
                      "write the full rupiah amount")
    for pattern, thousands, decimals in _FORMS:
        if pattern.match(text):
            whole, _, fraction = text.rpartition(decimals) if decimals else (text, "", "")
            number = float(whole.replace(thousands, "") if thousands else whole)
            if fraction and int(fraction) != 0:
                number += float("0." + fraction)
                if number < 1000:
                    return None, _small(number)
                number = float(np.floor(number + 0.5))
            return (-number if negative else number), None
    return None, UNREADABLE


def _rupiah_numbers(numbers: pd.Series) -> Parsed:
    values, errors = [], []
    for n in numbers:
        if n != round(n) and abs(n) < 1000:
            values.append(None)
            errors.append(_small(abs(n)))
        else:
            values.append(float(np.floor(n + 0.5)))
            errors.append(None)
    return pd.Series(values, index=numbers.index, dtype=object), pd.Series(errors, index=numbers.index, dtype=object)


@_by_distinct
def _rupiah_text(column: pd.Series) -> Parsed:
    simple = column.str.fullmatch(r"(?:[Rr][Pp]\.?[ ]?)?\d{1,3}(?:\.\d{3})+|\d{1,15}")
    values = pd.Series(np.nan, index=column.index)
    values[simple] = pd.to_numeric(column[simple].str.replace(r"\D", "", regex=True), errors="coerce")
    errors = _errors(column.index)
    rest = ~simple & (column != "")
    if rest.any():
        parsed = [_rupiah_one(v) for v in column[rest]]
        values[rest] = [p[0] if p[0] is not None else np.nan for p in parsed]
        errors[rest] = [p[1] for p in parsed]
    return values, errors


def rupiah(column: pd.Series, numbers: pd.Series | None = None, floor: int | None = None) -> Parsed:
    """'Rp 1.500.000', 'Rp 1.250.000,-', '1.250.000.-', 'IDR 1.250.000', '1 250 000', 'Rp. 750.000',
    '1,250,000', 'Rp1.500.000,00', '-500.000' -> integers. With `floor`, an amount in (0, floor) is refused
    with its likely meaning (a monthly household income of Rp2 was meant as 2 juta)."""
    values, errors = _rupiah_text(column)
    values, errors = _with_numbers(values, errors, numbers, _rupiah_numbers)
    values = pd.to_numeric(values, errors="coerce")
    if floor:
        small = values.notna() & (values > 0) & (values < floor)
        if small.any():
            shown = _numbers_as_written(column[small], numbers)
            errors[small] = [f"di bawah batas wajar Rp{_thousands(floor)} untuk pendapatan bulanan rumah tangga: "
                             f"mungkin {likely_meaning(v)}? Tulis jumlah rupiah lengkap / below the Rp{floor:,} "
                             "plausibility floor for a monthly household income: write the full rupiah amount"
                             for v in shown]
            values[small] = np.nan
    return values.round().astype("Int64"), errors


def _numbers_as_written(text: pd.Series, numbers: pd.Series | None) -> list[float]:
    """The number a person wrote ('1.500' -> 1500, '2' -> 2), for the likely-meaning message."""
    out = []
    for row, value in text.items():
        if numbers is not None and row in numbers.index and pd.notna(numbers[row]):
            out.append(float(numbers[row]))
        else:
            parsed, _ = _rupiah_one(value)
            out.append(abs(parsed) if parsed is not None else 0.0)
    return out


# --- months and dates ------------------------------------------------------------------------

_NAMED = r"([a-z]+)"
_YEAR = r"(\d{4}|\d{2})"


def _year(text: pd.Series) -> pd.Series:
    number = pd.to_numeric(text, errors="coerce")
    return number.where(number >= 100, number + 2000)


def _slashed(low: pd.Series, order: DateOrder) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(year, month, day, ambiguous) of `a/b/yyyy` values under the file's order."""
    parts = low.str.extract(SLASHED)
    a, b, year = pd.to_numeric(parts[0]), pd.to_numeric(parts[1]), _year(parts[2])
    if order.order == "mdy":
        month, day = a, b
    elif order.order == "dmy":
        month, day = b, a
    else:        # undecided or conflicting: only values that read the same both ways
        month = b.where(a == b)
        day = a.where(a == b)
    if order.order is None:
        ambiguous = parts[0].notna() & (a != b)
    else:
        ambiguous = pd.Series(False, index=low.index)
    return year, month, day, ambiguous


def _named_parts(low: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(year, month, day) of '1 Februari 2019', '01-Feb-19', 'Feb 2019', 'Feb-19', 'Februari 2019'."""
    with_day = low.str.extract(rf"^(\d{{1,2}})[\s\-./]+{_NAMED}\.?[\s\-./']+{_YEAR}$")
    month_year = low.str.extract(rf"^{_NAMED}\.?[\s\-./']+{_YEAR}$")
    year = _year(with_day[2]).fillna(_year(month_year[1]))
    month = with_day[1].map(MONTHS).fillna(month_year[0].map(MONTHS))
    day = pd.to_numeric(with_day[0])
    return year, month, day


MONTH_HELP = "pakai 2019-02, Feb 2019 atau Februari 2019"
DAY_HELP = "pakai 2019-02-28 atau 28 Februari 2019"


def _serial_hint(low: pd.Series) -> pd.Series:
    return low.str.fullmatch(r"\d{5}(?:\.\d+)?")


@_by_distinct
def month(column: pd.Series, order: DateOrder = NO_ORDER) -> Parsed:
    """'2019-02', '2019-02-28', '02/2019', 'Feb 2019', 'Februari 2019', 'Feb-19', '28/02/2019' -> first day of the month."""
    errors = _errors(column.index)
    low = column.str.lower().str.strip()
    iso = low.str.extract(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
    month_year = low.str.extract(r"^(\d{1,2})[/\-.](\d{4})$")
    s_year, s_month, _, ambiguous = _slashed(low, order)
    n_year, n_month, _ = _named_parts(low)
    year = pd.to_numeric(iso[0]).fillna(pd.to_numeric(month_year[1])).fillna(s_year).fillna(n_year)
    mon = pd.to_numeric(iso[1]).fillna(pd.to_numeric(month_year[0])).fillna(s_month).fillna(n_month)
    ok = year.between(1990, 2100) & mon.between(1, 12)
    values = pd.to_datetime(
        pd.DataFrame({"year": year.where(ok, 2000), "month": mon.where(ok, 1), "day": 1}), errors="coerce"
    ).where(ok).dt.date
    bad = ~ok & (low != "")
    errors[bad] = f"bulan tidak terbaca ({MONTH_HELP}) / not a month"
    errors[bad & _serial_hint(low)] = ("angka seri tanggal Excel? format sel sebagai Tanggal, atau tulis 2019-02 / "
                                       "an Excel date serial? format the cell as a date, or write 2019-02")
    errors[bad & ambiguous] = order.reason()
    return values.where(ok, None), errors


@_by_distinct
def day(column: pd.Series, order: DateOrder = NO_ORDER) -> Parsed:
    """'2019-02-28', '28/02/2019' (in the file's day/month order), '28 Februari 2019', '28-Feb-19' -> a date."""
    errors = _errors(column.index)
    low = column.str.lower().str.strip()
    iso = low.str.extract(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
    s_year, s_month, s_day, ambiguous = _slashed(low, order)
    n_year, n_month, n_day = _named_parts(low)
    parts = pd.DataFrame({"year": pd.to_numeric(iso[0]).fillna(s_year).fillna(n_year),
                          "month": pd.to_numeric(iso[1]).fillna(s_month).fillna(n_month),
                          "day": pd.to_numeric(iso[2]).fillna(s_day).fillna(n_day)})
    plausible = parts["year"].between(1900, 2100) & parts["month"].between(1, 12) & parts["day"].between(1, 31)
    safe = parts.fillna(1)
    safe.loc[~plausible] = 1
    stamps = pd.to_datetime(safe.astype(int), errors="coerce")
    ok = plausible & stamps.notna() & (stamps.dt.day == parts["day"]) & (stamps.dt.month == parts["month"])
    values = stamps.dt.date.where(ok, None)
    bad = ~ok & (low != "")
    errors[bad] = f"tanggal tidak terbaca ({DAY_HELP}) / not a date"
    errors[bad & _serial_hint(low)] = ("angka seri tanggal Excel? format sel sebagai Tanggal, atau tulis 2019-02-28 / "
                                       "an Excel date serial? format the cell as a date, or write 2019-02-28")
    errors[bad & ambiguous] = order.reason()
    return values, errors


def choice(options: dict[str, str]):
    """A parser accepting any of `options` (lower-cased spelling -> stored code)."""
    def parse(column: pd.Series, numbers: pd.Series | None = None) -> Parsed:
        errors = _errors(column.index)
        values = column.str.lower().str.strip().str.replace(r"\s+", " ", regex=True).map(options)
        allowed = ", ".join(sorted(set(options.values())))
        errors[values.isna() & (column != "")] = f"tidak dikenal; pilihan: {allowed} / unknown value"
        return values.where(values.notna(), None), errors
    return parse


def first_of_month(value: date) -> date:
    return date(value.year, value.month, 1)
