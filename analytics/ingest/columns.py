"""Vectorised parsing of report columns: each parser takes the file's text column and returns
(typed values, error message per row or None). Whole columns at once: a million rows in seconds.
Empty cells are neither values nor errors here; the importer decides whether a column may be empty."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.ingest.values import MONTHS

Parsed = tuple[pd.Series, pd.Series]


def _by_distinct(parse):
    """Parse each distinct spelling once: a report file repeats the same few months and dates."""
    def wrapped(column: pd.Series) -> Parsed:
        distinct = pd.Series(column.unique())
        if len(distinct) * 2 > len(column):
            return parse(column)
        values, errors = parse(distinct)
        lookup_values = dict(zip(distinct, values))
        lookup_errors = dict(zip(distinct, errors))
        return column.map(lookup_values), column.map(lookup_errors)
    wrapped.__doc__ = parse.__doc__
    return wrapped


def _errors(index: pd.Index) -> pd.Series:
    return pd.Series(None, index=index, dtype=object)


def text(column: pd.Series) -> Parsed:
    return column.where(column != "", None), _errors(column.index)


def integer(column: pd.Series) -> Parsed:
    errors = _errors(column.index)
    ok = column.str.fullmatch(r"-?\d{1,12}")
    values = pd.to_numeric(column.where(ok), errors="coerce").astype("Int64")
    errors[~ok & (column != "")] = "bukan bilangan bulat / not a whole number"
    return values, errors


def decimal(column: pd.Series) -> Parsed:
    """'12,5' (Indonesian decimal comma), '12.5', '1.250' is read as 1250 only with a thousands dot pattern."""
    errors = _errors(column.index)
    cleaned = column.str.replace(r"^(-?\d{1,3}(?:\.\d{3})+)(,\d+)?$", lambda m: m[1].replace(".", "") + (m[2] or ""),
                                 regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(cleaned.where(cleaned != ""), errors="coerce")
    errors[values.isna() & (column != "")] = "bukan angka / not a number"
    return values, errors


def rupiah(column: pd.Series) -> Parsed:
    """'Rp 1.500.000', '1.500.000', '1500000', 'Rp1.500.000,00', '-500.000' -> integers."""
    errors = _errors(column.index)
    raw = column.str.strip()
    negative = raw.str.startswith("-") | raw.str.startswith("(")
    body = (raw.str.lstrip("-(").str.replace(r"(?i)^rp\.?\s*", "", regex=True).str.rstrip(")").str.strip()
            .str.replace(r",\d{1,2}$", "", regex=True))
    ok = body.str.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d{1,15}")
    values = pd.to_numeric(body.where(ok).str.replace(".", "", regex=False), errors="coerce").astype("Int64")
    values = values.where(~negative, -values)
    errors[~ok & (raw != "")] = "jumlah rupiah tidak terbaca / not a rupiah amount"
    return values, errors


@_by_distinct
def month(column: pd.Series) -> Parsed:
    """'2019-02', 'Feb 2019', 'Februari 2019', '28/02/2019', '2019-02-28' -> first day of the month."""
    errors = _errors(column.index)
    low = column.str.lower().str.strip()
    year = pd.Series(np.nan, index=column.index)
    mon = pd.Series(np.nan, index=column.index)
    iso = low.str.extract(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")
    dmy = low.str.extract(r"^\d{1,2}/(\d{1,2})/(\d{4})$")
    named = low.str.extract(r"^([a-z]+)\.?\s+(\d{4})$")
    year = year.fillna(pd.to_numeric(iso[0])).fillna(pd.to_numeric(dmy[1])).fillna(pd.to_numeric(named[1]))
    mon = mon.fillna(pd.to_numeric(iso[1])).fillna(pd.to_numeric(dmy[0])).fillna(named[0].map(MONTHS))
    ok = year.between(1990, 2100) & mon.between(1, 12)
    values = pd.to_datetime(
        pd.DataFrame({"year": year.where(ok, 2000), "month": mon.where(ok, 1), "day": 1}), errors="coerce"
    ).where(ok).dt.date
    errors[~ok & (low != "")] = "bulan tidak terbaca (pakai 2019-02, Feb 2019 atau 28/02/2019) / not a month"
    return values.where(ok, None), errors


@_by_distinct
def day(column: pd.Series) -> Parsed:
    """'28/02/2019' or '2019-02-28' -> a date."""
    errors = _errors(column.index)
    iso = column.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
    dmy = column.str.extract(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
    parts = pd.DataFrame({"year": pd.to_numeric(iso[0]).fillna(pd.to_numeric(dmy[2])),
                          "month": pd.to_numeric(iso[1]).fillna(pd.to_numeric(dmy[1])),
                          "day": pd.to_numeric(iso[2]).fillna(pd.to_numeric(dmy[0]))})
    stamps = pd.to_datetime(parts.fillna(1).astype(int).clip(lower=1), errors="coerce")
    ok = parts.notna().all(axis=1) & stamps.notna() & (stamps.dt.day == parts["day"]) & (stamps.dt.month == parts["month"])
    values = stamps.dt.date.where(ok, None)
    errors[~ok & (column != "")] = "tanggal tidak terbaca (pakai 28/02/2019 atau 2019-02-28) / not a date"
    return values, errors


def choice(options: dict[str, str]):
    """A parser accepting any of `options` (lower-cased spelling -> stored code)."""
    def parse(column: pd.Series) -> Parsed:
        errors = _errors(column.index)
        values = column.str.lower().str.strip().map(options)
        allowed = ", ".join(sorted(set(options.values())))
        errors[values.isna() & (column != "")] = f"tidak dikenal; pilihan: {allowed} / unknown value"
        return values.where(values.notna(), None), errors
    return parse
