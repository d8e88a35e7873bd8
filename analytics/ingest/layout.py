"""Where the table is in a sheet as people make it: title rows above the header, a `No.` column,
blank rows, totals rows (`JUMLAH`, `TOTAL`), sub-headings, a signature block (`Mengetahui`,
`NIP`). The header row is the row that names the most expected columns; a row below it is
skipped only when it carries no identifying value (member, NIK, group, offtaker, province), so a
data row is never dropped: it is validated and, if incomplete, rejected with its reason."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from analytics.ingest.headers import HeaderMap, header_key, is_numbering
from analytics.ingest.privacy import scrub, scrub_frame
from analytics.ingest.read import PREFIX_LINES, Grid, ReportFileError, column_letter

# Spaces written as [ \t] (not \s) so pandas runs these in Arrow's RE2 over a million rows.
TOTALS = re.compile(r"^[ \t]*(?:sub[ \t]*-?[ \t]*total|grand[ \t]+total|total|jumlah|jml\.?)\b", re.IGNORECASE)
SIGNATURE = re.compile(r"\b(?:mengetahui|menyetujui|disetujui|diketahui|dibuat[ \t]+oleh|disusun[ \t]+oleh|ttd|"
                       r"t\.t\.d|tanda[ \t]+tangan|nip\b|nip\.|kepala[ \t]+(?:dinas|bidang|seksi)|kadis|kabid|kasi\b|"
                       r"a\.n\.|an\.[ \t]|plt\.?[ \t]|pembina|penata)", re.IGNORECASE)
PLACE_DATE = re.compile(r"^[A-Za-z .'-]+,[ \t]*\d{1,2}[ \t]+[A-Za-z]+\.?[ \t]+\d{4}$")
# A count written in a totals row's identifying cell ('10 orang', '12 KK', '5 kelompok'): never an identifier.
COUNT = re.compile(r"^[ \t]*\d+[ \t]*(?:orang|org|anggota|kk|jiwa|rt|rtm|krt|kube|kelompok)\.?[ \t]*$", re.IGNORECASE)

TITLE = "judul atau keterangan di atas tabel / title rows above the table"
BLANK = "baris kosong / blank row"
NUMBER_ONLY = "baris kosong, hanya nomor urut / blank row with only a row number"
TOTAL = "baris jumlah (JUMLAH/TOTAL): tidak disimpan / a totals row: never stored"
SIGN = "blok tanda tangan / signature block"
REPEAT = "judul kolom berulang / the header repeated"
NOTE = "sub judul atau catatan tanpa data / a sub-heading or note without data"


@dataclass
class Layout:
    """The data rows of a grid under canonical field names, and what was skipped and why."""

    frame: pd.DataFrame                      # field -> text, index = spreadsheet row numbers
    numbers: dict[str, pd.Series]            # field -> float where the cell was a number
    headers: dict[str, str]                  # field -> the header as written
    letters: dict[str, str]                  # field -> column letter
    header_row: int
    skipped: pd.DataFrame                    # row, reason
    overflow: pd.Series                      # rows with values beyond the last header (text files)
    ignored: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _score_row(cells: pd.Series, headers: HeaderMap) -> int:
    return len({f for f in (headers.field(c) for c in cells) if f})


def header_score(headers: HeaderMap):
    """A scorer for choosing a sheet: how many expected columns its best header row names."""
    def score(prefix: pd.DataFrame) -> int:
        return max((_score_row(row, headers) for _, row in prefix.iterrows()), default=0)
    return score


def _find_header(cells: pd.DataFrame, headers: HeaderMap) -> int:
    best, best_score = None, 0
    for row_no, row in cells.head(PREFIX_LINES).iterrows():
        score = _score_row(row, headers)
        if score > best_score:
            best, best_score = row_no, score
    if best is None:
        filled = cells.head(PREFIX_LINES).ne("").any(axis=1)
        if not filled.any():
            raise ReportFileError("tidak ada judul kolom atau data di file ini / no header or data found in the file")
        best = filled[filled].index[0]
    return int(best)


def _mapping(header: pd.Series, headers: HeaderMap) -> dict[str, int]:
    found: dict[str, list[int]] = {}
    for column, text in header.items():
        name = headers.field(text)
        if name:
            found.setdefault(name, []).append(column)
    doubled = {n: cols for n, cols in found.items() if len(cols) > 1}
    if doubled:
        parts = [" dan ".join(f"kolom {column_letter(c)} '{str(header[c]).strip()}'" for c in cols) + f" -> {n}"
                 for n, cols in doubled.items()]
        raise ReportFileError("dua kolom berarti sama: " + "; ".join(parts) + ". Hapus atau ganti nama salah satu / "
                              "two columns mean the same field: remove or rename one of them")
    return {n: cols[0] for n, cols in found.items()}


def _ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] -> '3-5, 9'."""
    parts, start, prev = [], None, None
    for r in rows:
        if start is None:
            start = prev = r
        elif r == prev + 1:
            prev = r
        else:
            parts.append(f"{start}-{prev}" if prev > start else f"{start}")
            start = prev = r
    if start is not None:
        parts.append(f"{start}-{prev}" if prev > start else f"{start}")
    return ", ".join(parts)


def skipped_summary(skipped: pd.DataFrame) -> list[str]:
    """'baris 1-3: judul ...' lines, one per reason, in the order the rows come."""
    lines = []
    for reason, group in skipped.groupby("reason", sort=False):
        lines.append(f"baris / rows {_ranges(sorted(group['row'].tolist()))}: {reason}")
    return lines


def _any_cell(rows: pd.DataFrame, test) -> pd.Series:
    """Rows where any cell passes `test` (a function of one distinct text value)."""
    hits = pd.Series(False, index=rows.index)
    for column in rows.columns:
        values = rows[column]
        distinct = values[values != ""].unique()
        if len(distinct):
            passing = {v for v in distinct if test(v)}
            if passing:
                hits |= values.isin(passing)
    return hits


def _classify(rows: pd.DataFrame, header_texts: set[str]) -> dict[int, str]:
    """Rows without an identifying value: why each is not data (rows left out are kept as data)."""
    if rows.empty:
        return {}
    count = rows.ne("").sum(axis=1)
    totals = _any_cell(rows, lambda v: bool(TOTALS.match(v)))
    signed = _any_cell(rows, lambda v: bool(SIGNATURE.search(v)))
    place = (count == 1) & _any_cell(rows, lambda v: bool(PLACE_DATE.match(v.strip())))
    after_signature = pd.Series(False, index=rows.index)
    if signed.any():
        after_signature = pd.Series(rows.index >= signed[signed].index[0], index=rows.index)
    repeated = sum(rows[c].map(lambda v: bool(v) and header_key(v) in header_texts) for c in rows.columns) >= 2
    reasons = pd.Series(None, index=rows.index, dtype=object)
    for mask, reason in ((totals, TOTAL), (signed | after_signature | place, SIGN), (repeated, REPEAT),
                         (count <= 1, NOTE)):
        reasons = reasons.where(reasons.notna() | ~mask, reason)
    reasons = reasons.dropna()
    return {int(r): reason for r, reason in reasons.items()}


def _identified(body: pd.DataFrame, key_columns: dict[str, int]) -> pd.Series:
    """Rows whose identifying cell holds an identifier (a code or NIK has digits), not a label
    such as 'JUMLAH', 'Mengetahui', 'NIP. 1970...' or 'Luwuk, 31 Januari 2026'."""
    found = pd.Series(False, index=body.index)
    for name, column in key_columns.items():
        cells = body[column]
        plausible = cells.ne("")
        if name != "provinsi":
            plausible &= cells.str.contains(r"\d", regex=True).fillna(False).astype(bool)
        for pattern in (TOTALS, SIGNATURE, PLACE_DATE, COUNT):   # '(?i)' keeps the test in Arrow, not a Python loop
            plausible &= ~cells.str.contains("(?i)" + pattern.pattern, regex=True).fillna(False).astype(bool)
        found |= plausible
    return found


def locate(grid: Grid, headers: HeaderMap, key_fields: tuple[str, ...]) -> Layout:
    """Find the header, map its columns to fields, keep the data rows, list the others with reasons."""
    cells = grid.cells
    header_row = _find_header(cells, headers)
    header = cells.loc[header_row]
    mapping = _mapping(header, headers)
    named = [c for c in cells.columns if str(header[c]).strip()]
    last_named = max(named) if named else -1
    numbering = [c for c in named if is_numbering(header[c])]
    ignored = [str(header[c]).strip() for c in named if c not in mapping.values() and c not in numbering]

    skipped = {int(r): TITLE for r in cells.index[cells.index < header_row]}
    body = cells.loc[cells.index > header_row]
    filled = body.ne("")
    blank = ~filled.any(axis=1)
    only_number = pd.Series(False, index=body.index)
    if numbering:
        numbered = pd.concat([body[c].str.fullmatch(r"\d+\.?").fillna(False).astype(bool) for c in numbering], axis=1)
        only_number = ~blank & ~filled.drop(columns=numbering).any(axis=1) & numbered.any(axis=1)
    skipped.update({int(r): BLANK for r in body.index[blank]})
    skipped.update({int(r): NUMBER_ONLY for r in body.index[only_number]})

    has_key = _identified(body, {f: mapping[f] for f in key_fields if f in mapping}) if any(
        f in mapping for f in key_fields) else filled.any(axis=1)
    candidates = body[~has_key & ~blank & ~only_number]
    header_texts = {header_key(header[c]) for c in mapping.values()}
    skipped.update(_classify(candidates, header_texts))

    data_rows = body.index[~body.index.isin(list(skipped))]
    data = body.loc[data_rows]
    frame = pd.DataFrame({name: data[column].str.strip() for name, column in mapping.items()}, index=data_rows)
    numbers = {name: grid.numbers[column].loc[data_rows] for name, column in mapping.items()
               if column in grid.numbers and grid.numbers[column].loc[data_rows].notna().any()}
    beyond = [c for c in cells.columns if c > last_named]
    overflow = (data[beyond].ne("").any(axis=1) if beyond and grid.file_type == "csv"
                else pd.Series(False, index=data_rows))

    skipped_frame = pd.DataFrame(sorted(skipped.items()), columns=["row", "reason"])
    notices = list(grid.notices)
    if header_row > 1:
        notices.append(f"judul kolom ditemukan di baris {header_row} / the header is on row {header_row}")
    notices += skipped_summary(skipped_frame[skipped_frame["row"] > header_row])
    if numbering:
        notices.append("kolom nomor urut (No.) diabaikan / the row-number column (No.) is ignored")
    if ignored:
        notices.append("kolom lain diabaikan / other columns ignored: " + ", ".join(scrub(i) for i in ignored))
    if beyond and grid.file_type != "csv" and data[beyond].ne("").any().any():
        notices.append("kolom tanpa judul di sebelah kanan tabel diabaikan / unnamed columns right of the table ignored")
    return Layout(frame, numbers, {n: str(header[c]).strip() for n, c in mapping.items()},
                  {n: column_letter(c) for n, c in mapping.items()}, header_row, skipped_frame, overflow,
                  ignored, notices)


def all_kinds_headers() -> HeaderMap:
    """Every column of every report kind (for a preview before the kind is known)."""
    from analytics.ingest.kinds import KINDS

    return HeaderMap((c.name, c.aliases) for k in KINDS.values() for c in k.columns)


def display_table(data: bytes, name: str, sheet: str | None = None, headers: HeaderMap | None = None,
                  key_fields: tuple[str, ...] = ()) -> pd.DataFrame:
    """The data rows with the file's own (normalised) headers, safe to show: any NIK masked."""
    from analytics.ingest.read import read_grid

    headers = headers or all_kinds_headers()
    grid = read_grid(data, name, sheet=sheet, score=header_score(headers))
    header_row = _find_header(grid.cells, headers)
    header = grid.cells.loc[header_row]
    layout = locate(grid, headers, key_fields)
    body = grid.cells.loc[layout.frame.index]
    names, seen = [], set()
    for column in body.columns:
        label = header_key(header[column]) if str(header[column]).strip() else f"kolom_{column_letter(column)}"
        while label in seen:
            label += "_"
        seen.add(label)
        names.append(label)
    body = body.set_axis(names, axis=1)
    body = body.loc[:, [n for n, c in zip(names, grid.cells.columns) if str(header[c]).strip() or body[n].ne("").any()]]
    nik_columns = {header_key(h) for h in header if headers.field(h) == "nik"}
    return scrub_frame(body, nik_columns)
