"""Regions as operators write them: Kemendagri code ('72.01', '7201' when unambiguous), BPS code
(from the boundary build), or a name variant ('Kab. Banggai', 'KABUPATEN BANGGAI',
'Kota Pangkalpinang' / 'Pangkal Pinang', 'Kep. Bangka Belitung', 'DKI Jakarta')."""
from __future__ import annotations

import re

import duckdb
import pandas as pd

from analytics.geo.build import GeoPaths

PREFIXES = [(r"^kab\.?\s+", "kabupaten "), (r"^kab\b", "kabupaten"), (r"^kota\s+adm\.?\s+", "kota "),
            (r"^kota\s+administrasi\s+", "kota "), (r"^prov\.?\s+", ""), (r"^provinsi\s+", "")]
ABBREVIATIONS = [(r"\bkep\.?\s+", "kepulauan "), (r"\bdki\b", "daerah khusus ibukota"), (r"\bdi\b", "daerah istimewa"),
                 (r"\bkab\.?\s+", "kabupaten "), (r"\bkt\.?\s+", "kota ")]


def normalise(name: str) -> str:
    """Lower case, abbreviations expanded, punctuation and spaces dropped ('pangkal pinang' = 'pangkalpinang')."""
    text = str(name).lower().strip()
    for pattern, replacement in PREFIXES + ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"[^a-z0-9]", "", text)


class RegionResolver:
    def __init__(self, con: duckdb.DuckDBPyConnection, geo: GeoPaths = GeoPaths()):
        regencies = con.execute("SELECT regency_code, name, kind FROM regencies").fetchall()
        provinces = con.execute("SELECT province_code, name FROM provinces").fetchall()
        self.regency_codes = {code for code, _, _ in regencies}
        self.province_codes = {code for code, _ in provinces}
        self.bps: dict[str, str] = {}
        if geo.bps_codes.exists():
            table = pd.read_csv(geo.bps_codes, dtype=str)
            self.bps = dict(zip(table["bps_code"], table["regency_code"]))
        self.by_name: dict[str, set[str]] = {}
        for code, name, kind in regencies:
            full = normalise(name)                                   # 'kabupatenbanggai', 'kotapalu'
            bare = normalise(re.sub(r"(?i)^(kabupaten|kota)\s+", "", name))
            for key in {full, bare}:
                self.by_name.setdefault(key, set()).add(code)
        self.province_by_name = {}
        for code, name in provinces:
            self.province_by_name[normalise(name)] = code
        self.province_by_name.update({"jakarta": "31", "yogyakarta": "34", "diy": "34", "babel": "19",
                                      "ntb": "52", "ntt": "53"})

    def regency(self, text: str) -> tuple[str | None, str | None]:
        """(Kemendagri regency code, None) or (None, reason)."""
        raw = str(text).strip()
        if not raw:
            return None, "kosong / empty"
        if raw in self.regency_codes:
            return raw, None
        digits = re.sub(r"\D", "", raw)
        if re.fullmatch(r"[\d.\s]+", raw) and len(digits) == 4:
            dotted = f"{digits[:2]}.{digits[2:]}"
            if digits in self.bps and dotted in self.regency_codes and self.bps[digits] != dotted:
                return None, (f"kode {raw} ambigu: BPS {digits} = {self.bps[digits]}, Kemendagri = {dotted}; "
                              "tulis dengan titik (72.01) / ambiguous code: write the Kemendagri code with a dot")
            if digits in self.bps:
                return self.bps[digits], None
            if dotted in self.regency_codes:
                return dotted, None
            return None, "kode wilayah tidak dikenal / unknown region code"
        codes = self.by_name.get(normalise(raw), set())
        if len(codes) == 1:
            return next(iter(codes)), None
        if len(codes) > 1:
            return None, "nama ambigu: tulis 'Kab.' atau 'Kota' / ambiguous name: add Kab. or Kota"
        return None, "wilayah tidak dikenal / unknown region"

    def province(self, text: str) -> tuple[str | None, str | None]:
        raw = str(text).strip()
        if raw in self.province_codes:
            return raw, None
        code = self.province_by_name.get(normalise(raw))
        return (code, None) if code else (None, "provinsi tidak dikenal / unknown province")

    def regency_column(self, column: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Resolve each distinct spelling once (a file repeats the same few regions)."""
        lookup = {value: self.regency(value) for value in column.unique()}
        return column.map(lambda v: lookup[v][0]), column.map(lambda v: lookup[v][1])
