"""Validation of one report file: read-only, nothing written. Finds the table, parses whole
columns, applies the pandera schema and the business rules, and returns the rows ready to
store (NIKs already hashed) with every rejection and review flag. A page can run this and hand
the checked rows to whatever process writes (`analytics.ingest.storing`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
import pandera.pandas as pa

from analytics.ingest import columns as parsers
from analytics.ingest import nik_key
from analytics.ingest.dates import DateOrder, decide
from analytics.ingest.headers import header_key
from analytics.ingest.kinds import KINDS, Kind
from analytics.ingest.layout import Layout, header_score, locate
from analytics.ingest.nik_column import nik_column
from analytics.ingest.privacy import scrub
from analytics.ingest.problems import Problems
from analytics.ingest.read import Grid, ReportFileError, read_grid
from analytics.ingest.regions import RegionResolver
from analytics.ingest.rules import KEY_COLUMN, RULES
from analytics.ingest.settings import DEFAULT_SETTINGS, ImportSettings
from analytics.ingest.values import MONTHS

PARSERS = {"text": parsers.text, "int": parsers.integer, "decimal": parsers.decimal}
OVERFLOW = ("baris ini berisi lebih banyak sel daripada judul kolom (pemisah di dalam nilai tanpa tanda kutip, mis. "
            "1,500,000 di file berpemisah koma?) / the row has more cells than the header (a delimiter inside an "
            "unquoted value?)")


@dataclass
class Validation:
    """What checking a file found."""

    kind: str
    grid: Grid
    layout: Layout
    rows: pd.DataFrame
    key: tuple[str, ...]
    rejected: pd.DataFrame
    flagged: pd.DataFrame
    date_order: DateOrder
    nik_key: nik_key.NikKey | None = None
    notices: list[str] = field(default_factory=list)


def _required(kind: Kind, layout: Layout) -> None:
    missing = [c.name for c in kind.columns if c.required and c.name not in layout.frame]
    if kind.one_of and not any(c in layout.frame for c in kind.one_of):
        missing.append(" atau ".join(kind.one_of))
    if missing:
        found = ", ".join(layout.headers.values()) or "-"
        raise ReportFileError(
            f"kolom tidak ada / missing column(s): {', '.join(missing)}; judul kolom yang dikenali di baris "
            f"{layout.header_row} / headers recognised on row {layout.header_row}: {found}; kolom lain / other "
            f"columns: {', '.join(layout.ignored) or '-'}")


def _parse(kind: Kind, layout: Layout, problems: Problems, resolver: RegionResolver, order: DateOrder,
           secret: bytes | None, settings: ImportSettings) -> pd.DataFrame:
    frame, numbers = layout.frame, layout.numbers
    parsed = pd.DataFrame(index=frame.index)
    for column in kind.columns:
        if column.name not in frame:
            numeric = column.kind in ("int", "rupiah")
            parsed[column.name] = pd.Series(pd.NA if numeric else None, index=frame.index,
                                            dtype="Int64" if numeric else object)
            continue
        text, number = frame[column.name], numbers.get(column.name)
        if column.kind == "region":
            values, errors = resolver.regency_column(text)
        elif column.kind == "province":
            values, errors = resolver.province_column(text)
        elif column.kind == "nik":
            try:
                values, errors = nik_column(text, number, resolver.regency_codes, secret)
            except ReportFileError as exc:
                if "anggota" not in frame or not frame["anggota"].ne("").all():
                    raise
                raise ReportFileError(f"{exc}. Setiap baris sudah berisi kode anggota: kolom NIK boleh juga dihapus "
                                      "/ every row already has a member code: the NIK column may be deleted "
                                      "instead") from None
        elif column.kind == "choice":
            values, errors = parsers.choice(column.options)(text)
        elif column.kind == "month":
            values, errors = parsers.month(text, order)
        elif column.kind == "date":
            values, errors = parsers.day(text, order)
        elif column.kind == "rupiah":
            floor = settings.income_floor_rupiah if (kind.name, column.name) == ("income", "pendapatan") else None
            values, errors = parsers.rupiah(text, number, floor=floor)
        else:
            values, errors = PARSERS[column.kind](text, number)
        empty = text == ""
        errors = errors.where(~empty, "kosong / empty" if column.required else None)
        parsed[column.name] = values
        problems.reject(errors.notna(), column.name, errors)
    return parsed


def _schema_checks(kind: Kind, parsed: pd.DataFrame, problems: Problems) -> None:
    schema = kind.schema()
    subset = parsed[[c for c in schema.columns if c in parsed]]
    try:
        schema.validate(subset, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna() & cases["column"].notna()]
        for (column, check), group in cases.groupby(["column", "check"]):
            mask = pd.Series(False, index=parsed.index)
            mask[group["index"].astype(int).to_numpy()] = True
            problems.reject(mask, column, str(check))


def stored_keys(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame, key: tuple[str, ...]) -> pd.Series:
    """Which rows have a key already in `table`."""
    keys = rows[list(key)].copy()
    keys["_row"] = keys.index
    con.register("incoming_keys", keys)
    try:
        condition = " AND ".join(f"t.{c} = k.{c}" for c in key)
        found = {r[0] for r in con.execute(f"SELECT k._row FROM incoming_keys k JOIN {table} t ON {condition}").fetchall()}
    finally:
        con.unregister("incoming_keys")
    return pd.Series(rows.index.isin(list(found)), index=rows.index)


YEAR_HEADERS = {"tahun", "year", "thn", "tahun_laporan"}
_BARE_MONTH = "(?i)(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?|\d{1,2}"


def _month_with_year_column(kind: Kind, layout: Layout, grid: Grid) -> None:
    """A month column holding only the month ('November', '11') beside a separate year column ('Tahun':
    2026), as many office forms split them: read as 'November 2026' (the notice says so)."""
    if any(c.name == "tahun" for c in kind.columns):
        return
    header = grid.cells.loc[layout.header_row]
    years = [c for c in grid.cells.columns if header_key(header[c]) in YEAR_HEADERS]
    if len(years) != 1:
        return
    year = grid.cells.loc[layout.frame.index, years[0]].str.strip()
    for column in kind.columns:
        if column.kind != "month" or column.name not in layout.frame:
            continue
        text = layout.frame[column.name]
        bare = text.str.fullmatch(_BARE_MONTH) & year.str.fullmatch(r"(?:19|20)\d{2}")
        if not bare.any():
            continue
        numeric = text.str.fullmatch(r"\d{1,2}")
        layout.frame.loc[bare, column.name] = (text[bare] + numeric[bare].map({True: "/", False: " "}) + year[bare])
        layout.notices.append(
            f"kolom '{layout.headers[column.name]}' dilengkapi tahun dari kolom '{str(header[years[0]]).strip()}' "
            f"(bulan dan tahun terpisah) / the month column takes its year from the separate year column")


def _date_columns(kind: Kind, layout: Layout) -> dict[str, pd.Series]:
    return {c.name: layout.frame[c.name] for c in kind.columns if c.kind in ("month", "date") and c.name in layout.frame}


def validate_grid(con: duckdb.DuckDBPyConnection, kind_name: str, grid: Grid, replace: bool = False,
                  today: date | None = None, date_order: str | None = None,
                  settings: ImportSettings = DEFAULT_SETTINGS) -> Validation:
    """Check a read grid against a report kind. Raises `ReportFileError` for what no row can fix."""
    today = today or date.today()
    kind = KINDS[kind_name]
    layout = locate(grid, kind.header_map(), kind.identity)
    if len(layout.frame) > settings.max_rows:
        raise ReportFileError(f"{len(layout.frame):,} baris data, lebih dari batas {settings.max_rows:,} / "
                              f"{len(layout.frame):,} data rows, more than the {settings.max_rows:,}-row limit: split the file")
    _required(kind, layout)
    _month_with_year_column(kind, layout, grid)
    key_state = nik_key.resolve(con, may_create=kind_name == "members") if "nik" in layout.frame else None
    problems = Problems(layout.frame, layout.headers)
    problems.reject(layout.overflow, kind.identity[0] if kind.identity[0] in layout.frame else next(iter(layout.frame)),
                    OVERFLOW)
    order = decide(_date_columns(kind, layout), date_order)
    parsed = _parse(kind, layout, problems, RegionResolver(con), order, key_state.secret if key_state else None, settings)
    _schema_checks(kind, parsed, problems)
    rows, key = RULES[kind_name](con, parsed, problems, replace, today)
    complete = rows[list(key)].notna().all(axis=1)
    report_column = KEY_COLUMN.get(key[-1], key[-1])
    duplicated = complete & rows[list(key)].duplicated(keep=False)
    problems.reject(duplicated, report_column, "laporan ganda dalam file / duplicate (member, month) in the file"
                    if kind_name == "income" else "baris ganda dalam file / duplicate row in the file")
    if not replace and complete.any():
        problems.reject(stored_keys(con, kind.table, rows[complete], key).reindex(rows.index, fill_value=False),
                        report_column, "sudah ada di basis data; pakai --replace untuk mengganti / already reported; use --replace")
    notices = list(layout.notices)
    if order.note():
        notices.append(order.note())
    if key_state and key_state.notice:
        notices.append(key_state.notice)
    return Validation(kind_name, grid, layout, rows, key, problems.rejected_frame(), problems.flagged_frame(), order,
                      key_state, [scrub(n) for n in notices])


def read_for(kind_name: str, data: bytes, file_name: str, sheet: str | None = None,
             settings: ImportSettings = DEFAULT_SETTINGS) -> Grid:
    """The file's cells, choosing the sheet whose header best matches the kind (unless `sheet` is given)."""
    return read_grid(data, file_name, settings, sheet, header_score(KINDS[kind_name].header_map()))
