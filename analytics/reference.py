"""Reference tables (regions, poverty lines, minimum wages) and the code lists real imports use
(commodities, marketing channels, value-chain positions, region aliases): load from CSV, look up.
Every row carries its source; an operator may replace a file with an official one."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from analytics.config import REFERENCE_DIR
from analytics.store import insert_frame, quote_ident

NATIONAL = "00"
N_PROVINCES = 38
N_REGENCIES = 514


def read_reference(ref_dir: Path = REFERENCE_DIR) -> dict[str, pd.DataFrame]:
    """The four reference tables as DataFrames shaped like the store's tables."""
    code = {"province_code": str, "regency_code": str}
    provinces = pd.read_csv(ref_dir / "provinces.csv", dtype=code)
    regencies = pd.read_csv(ref_dir / "regencies.csv", dtype=code)
    raw_lines = pd.read_csv(ref_dir / "poverty_lines.csv", dtype={**code, "period": str})
    raw_lines = raw_lines.dropna(subset=["line_rupiah_per_capita_month"])
    lines = pd.DataFrame({
        "province_code": raw_lines["province_code"],
        "period": pd.to_datetime(raw_lines["period"] + "-01").dt.date,
        "line_per_capita": raw_lines["line_rupiah_per_capita_month"].astype("int64"),
        "household_size": raw_lines["household_size"],
        "source": raw_lines["source_title"] + " <" + raw_lines["source_url"].fillna("") + ">",
        "notes": raw_lines["notes"],
    })
    raw_wages = pd.read_csv(ref_dir / "minimum_wages.csv", dtype=code).dropna(subset=["ump_rupiah"])
    wages = pd.DataFrame({
        "province_code": raw_wages["province_code"],
        "year": raw_wages["year"].astype(int),
        "ump_rupiah": raw_wages["ump_rupiah"].astype("int64"),
        "source": raw_wages["source_title"] + " <" + raw_wages["source_url"].fillna("") + ">",
        "notes": raw_wages["notes"],
    })
    return {"provinces": provinces, "regencies": regencies, "poverty_lines": lines, "minimum_wages": wages}


def load_reference(con: duckdb.DuckDBPyConnection, ref_dir: Path = REFERENCE_DIR) -> None:
    """Replace the reference tables with the CSVs' content, in one transaction."""
    tables = read_reference(ref_dir)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, frame in tables.items():
            con.execute(f"DELETE FROM {quote_ident(name)}")
            insert_frame(con, name, frame)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class LineLookup:
    """A poverty line applied to one province and month."""

    line_per_capita: int | None
    period: date | None
    is_national_fallback: bool


def poverty_line_for(lines: pd.DataFrame, province_code: str, month: date) -> LineLookup:
    """The line in force for a province in a month.

    Rule: the province's latest line published at or before the month; else the national
    line at or before the month, flagged as a fallback; else no line (None, flagged).
    """
    month = pd.Timestamp(month).date()
    published = lines[lines["period"] <= month]
    own = published[published["province_code"] == province_code]
    if not own.empty:
        row = own.loc[own["period"].idxmax()]
        return LineLookup(int(row["line_per_capita"]), row["period"], False)
    national = published[published["province_code"] == NATIONAL]
    if not national.empty:
        row = national.loc[national["period"].idxmax()]
        return LineLookup(int(row["line_per_capita"]), row["period"], True)
    return LineLookup(None, None, True)


def minimum_wage_for(wages: pd.DataFrame, province_code: str, year: int) -> tuple[int | None, bool]:
    """The provincial minimum wage for a year: that year's, else the nearest earlier one,
    else the earliest later one (flagged True when not the year's own)."""
    own = wages[wages["province_code"] == province_code]
    if own.empty:
        return None, True
    exact = own[own["year"] == year]
    if not exact.empty:
        return int(exact["ump_rupiah"].iloc[0]), False
    earlier = own[own["year"] < year]
    row = earlier.loc[earlier["year"].idxmax()] if not earlier.empty else own.loc[own["year"].idxmin()]
    return int(row["ump_rupiah"]), True


# --- code lists used by imports (and, by code, by the demo generator) -------------------------

@dataclass(frozen=True)
class CodeName:
    """One entry of a code list: stored code, names in both languages, other accepted spellings."""

    code: str
    name_id: str
    name_en: str
    aliases: tuple[str, ...] = ()
    source: str = ""


def _code_list(file: Path) -> tuple[CodeName, ...]:
    frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    return tuple(CodeName(r.code, r.name_id, r.name_en, tuple(a for a in r.aliases.split("|") if a), r.source)
                 for r in frame.itertuples())


@lru_cache(maxsize=None)
def commodities(ref_dir: Path = REFERENCE_DIR) -> tuple[CodeName, ...]:
    """Commodities (komoditas) a group may report, in display order."""
    return _code_list(ref_dir / "commodities.csv")


@lru_cache(maxsize=None)
def channels(ref_dir: Path = REFERENCE_DIR) -> tuple[CodeName, ...]:
    """Marketing channels (saluran pemasaran), in display order."""
    return _code_list(ref_dir / "channels.csv")


@lru_cache(maxsize=None)
def chain_positions(ref_dir: Path = REFERENCE_DIR) -> tuple[CodeName, ...]:
    """Positions of a stage in a value chain, upstream first (hulu, tengah, hilir)."""
    frame = pd.read_csv(ref_dir / "value_chain_positions.csv", dtype=str, keep_default_na=False)
    frame = frame.sort_values("rank", key=lambda s: s.astype(int))
    return tuple(CodeName(r.code, r.name_id, r.name_en, (), r.source) for r in frame.itertuples())


def spellings(entries: tuple[CodeName, ...]) -> dict[str, str]:
    """Lower-cased accepted spelling -> code: the code, both names, the aliases, the code with spaces."""
    out: dict[str, str] = {}
    for entry in entries:
        for spelling in (entry.code, entry.code.replace("_", " "), entry.name_id, entry.name_en, *entry.aliases):
            out.setdefault(" ".join(spelling.lower().split()), entry.code)
    return out


@lru_cache(maxsize=None)
def region_aliases(ref_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Abbreviations and other names of regions people write ('Bangkep', 'Sulteng'), each with a source."""
    return pd.read_csv(ref_dir / "region_aliases.csv", dtype=str, keep_default_na=False)


# --- a new real database ----------------------------------------------------------------------

def init_database(path: Path) -> dict[str, object]:
    """Create (or complete) a real, empty database: schema, regions, poverty lines, minimum wages,
    the NIK key's fingerprint, empty marts. An existing database keeps all its data: only empty
    reference tables are filled. Returns what was done, for the command line to print."""
    from analytics.ingest import nik
    from analytics.ingest.nik_key import META_KEY, stored_fingerprint
    from analytics.metrics.refresh import refresh
    from analytics.store import StoreError, open_store

    path = Path(path)
    created = not path.exists()
    if created and not path.parent.exists():
        raise StoreError(f"Cannot create {path}: the folder {path.parent} does not exist.")
    con = open_store(path)
    try:
        empty = con.execute("SELECT count(*) FROM regencies").fetchall()[0][0] == 0
        if empty:
            load_reference(con)
        info = dict(con.execute("SELECT key, value FROM meta").fetchall())
        if "synthetic" not in info:
            con.executemany("INSERT INTO meta VALUES (?, ?)", [("synthetic", "false"),
                                                               ("created_at", date.today().isoformat())])
        has_hashes = con.execute("SELECT count(*) FROM members WHERE nik_hash IS NOT NULL").fetchall()[0][0] > 0
        key_note = "kept"
        if stored_fingerprint(con) is None and not has_hashes:
            secret = nik.load_key()
            if secret is None:
                secret = nik.new_key()
                nik.save_key(secret)
                key_note = f"new key written to {nik.key_file()} (back it up with the database)"
            else:
                key_note = "existing key recorded"
            con.execute("INSERT INTO meta VALUES (?, ?)", [META_KEY, nik.fingerprint(secret)])
        if con.execute("SELECT count(*) FROM mart_refresh").fetchall()[0][0] == 0:
            refresh(con)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("provinces", "regencies", "poverty_lines", "minimum_wages", "kube", "members")}
        return {"created": created, "reference_loaded": empty, "nik_key": key_note,
                "synthetic": info.get("synthetic") == "true", **counts}
    finally:
        con.close()
