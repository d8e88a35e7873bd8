"""A NIK column as people fill it: `'7201…` (Excel's text prefix), spaces or dots between groups,
and the one mistake that cannot be repaired: a NIK typed into a number cell, where Excel keeps
15 significant digits (the 16th becomes 0, or the cell shows 7.20101E+15)."""
from __future__ import annotations

import pandas as pd

from analytics.ingest import nik as nik_codec
from analytics.ingest.read import ReportFileError

NUMERIC_NIK = "kolom NIK harus berformat Teks; NIK dari sel angka Excel kehilangan digit terakhir"
NUMERIC_NIK_EN = "the NIK column must be formatted as Text: a NIK from an Excel number cell has lost its last digit"
ALL_ZERO_MIN = 5      # this many NIKs all ending in 0 (chance 1 in 100,000 for real ones): a number column
_SCIENTIFIC = r"^\d(?:[.,]\d+)?[eE][+\-]?\d+$"
_FLOAT = r"^\d{14,17}[.,]0+$"


def _rows(index: pd.Index) -> str:
    shown = ", ".join(str(r) for r in list(index)[:10])
    return shown + (" ..." if len(index) > 10 else "")


def _refuse(why: str, rows: pd.Index) -> None:
    raise ReportFileError(f"{NUMERIC_NIK} ({why}, baris {_rows(rows)}). Format kolom NIK sebagai Teks dan ketik ulang "
                          f"NIK-nya; tidak ada yang disimpan / {NUMERIC_NIK_EN} ({why}, rows {_rows(rows)}): format the "
                          "column as Text and type the NIKs again; nothing was stored")


def _reason(message: str) -> str:
    return message if " / " in message else f"{message} / invalid NIK"


def nik_column(text: pd.Series, numbers: pd.Series | None, regency_codes: set[str],
               secret: bytes) -> tuple[pd.Series, pd.Series]:
    """((hash, masked) per row or None, reason per row or None); the whole column refused if it came from numbers."""
    if numbers is not None and numbers.notna().any():
        _refuse("sel angka / number cells", numbers.index[numbers.notna()])
    stripped = text.str.strip().str.replace(r"^['\u2019\u2018`]+", "", regex=True)
    suspicious = stripped.str.match(_SCIENTIFIC) | stripped.str.match(_FLOAT)
    if suspicious.any():
        _refuse("notasi ilmiah atau desimal / scientific or decimal notation", stripped.index[suspicious])
    cleaned = stripped.str.replace(r"[\s.\-\u00a0\u202f]", "", regex=True)
    sixteen = cleaned[cleaned.str.fullmatch(r"\d{16}")]
    if sixteen.nunique() >= ALL_ZERO_MIN and sixteen.str.endswith("0").all():
        _refuse("semua NIK berakhir 0 / every NIK ends in 0", sixteen.index)
    checked = {value: nik_codec.check(value, regency_codes) for value in cleaned.unique() if value}
    digits = cleaned.map(lambda v: checked.get(v, (None, None))[0])
    errors = cleaned.map(lambda v: _reason(checked[v][1]) if v and checked.get(v, (None, None))[1] else None)
    hashed = digits.map(lambda d: nik_codec.digest(d, secret) if isinstance(d, str) else None)
    masked = digits.map(lambda d: nik_codec.mask(d) if isinstance(d, str) else None)
    # The 16 digits go no further than this function: only the hash and the mask.
    return pd.Series(list(zip(hashed, masked)), index=text.index, dtype=object).where(digits.notna(), None), errors
