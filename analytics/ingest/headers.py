"""Column headers as people write them: case, spaces, units in brackets, `(Rp)`, `No.`."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_UNIT_WORDS = re.compile(r"(?:_(?:rp|rupiah|idr|orang|jiwa|bulan_ini|per_bulan|perbulan))+$")
_NUMBERING = {"no", "nomor", "no_urut", "nourut", "nomor_urut", "urut", "num", "number", "nr"}


def header_key(text: object) -> str:
    """'Pendapatan (Rp)' -> 'pendapatan', 'NIK ' -> 'nik', 'Jumlah ART (orang)' -> 'jumlah_art'."""
    value = unicodedata.normalize("NFKC", str(text)).lower().strip()
    value = _BRACKETS.sub(" ", value)
    value = value.replace("/", "_").replace("&", "_dan_")
    value = re.sub(r"[^a-z0-9]+", "_", value).strip("_")
    stripped = _UNIT_WORDS.sub("", value)
    return stripped or value


def is_numbering(text: object) -> bool:
    """A row-number column ('No.', 'No', 'Nomor', 'No Urut'): never data."""
    return header_key(text) in _NUMBERING


class HeaderMap:
    """Normalised header -> field name, from each field's name and aliases."""

    def __init__(self, fields: Iterable[tuple[str, Iterable[str]]]):
        self.by_key: dict[str, str] = {}
        for name, aliases in fields:
            for spelling in (name, *aliases):
                self.by_key.setdefault(header_key(spelling), name)

    def field(self, text: object) -> str | None:
        if not str(text).strip():
            return None
        return self.by_key.get(header_key(text))
