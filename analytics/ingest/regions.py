"""Regions as operators write them: Kemendagri code ('72.01'), BPS code ('BPS 7202', or a bare
'7202' when it reads one way only), a name variant ('Kab. Banggai', 'KABUPATEN BANGGAI', 'Kab.
Banggai Kep.', 'Toli-Toli'), an alias or abbreviation from `data/reference/region_aliases.csv`
('Bangkep', 'Parimo'), with an optional province ('Banggai, Sulteng'). An unknown name gets the
three closest names; a 4-digit code that means one regency as BPS and another as Kemendagri is
refused with both readings and how to write each. Never a guess."""
from __future__ import annotations

import difflib
import re

import duckdb
import pandas as pd

from analytics.geo.build import GeoPaths

PREFIXES = [(r"^kab\b\.?\s*", "kabupaten "), (r"^kota\s+adm\.?\s+", "kota "),
            (r"^kota\s+administrasi\s+", "kota "), (r"^kodya\.?\s+", "kota "), (r"^kotamadya\s+", "kota "),
            (r"^prov\.?\s+", ""), (r"^provinsi\s+", ""), (r"^propinsi\s+", "")]
ABBREVIATIONS = [(r"\bkep\b\.?", "kepulauan"), (r"\bdki\b", "daerah khusus ibukota"), (r"\bdi\b", "daerah istimewa"),
                 (r"\bkt\.?\s+", "kota "), (r"\bkab\b\.?", "kabupaten")]
NATIONAL = {"00", "indonesia", "nasional", "national"}


def normalise(name: str) -> str:
    """Lower case, abbreviations expanded, punctuation and spaces dropped ('Toli-Toli' = 'Tolitoli')."""
    text = str(name).lower().strip()
    for pattern, replacement in PREFIXES + ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"[^a-z0-9]", "", text)


def _bare(name: str) -> str:
    return normalise(re.sub(r"(?i)^(kabupaten|kota)\s+", "", name))


class RegionResolver:
    """Resolve written regions to Kemendagri codes (one instance per file: the lookups are built once)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, geo: GeoPaths | None = None,
                 aliases: pd.DataFrame | None = None):
        from analytics.reference import region_aliases

        geo = geo or GeoPaths()
        regencies = con.execute("SELECT regency_code, name, kind FROM regencies").fetchall()
        provinces = con.execute("SELECT province_code, name FROM provinces").fetchall()
        self.regency_codes = {code for code, _, _ in regencies}
        self.province_codes = {code for code, _ in provinces}
        self.regency_name = {code: name for code, name, _ in regencies}
        self.province_name = {code: name for code, name in provinces}
        self.bps: dict[str, str] | None = None
        if geo.bps_codes.exists():
            table = pd.read_csv(geo.bps_codes, dtype=str)
            self.bps = dict(zip(table["bps_code"], table["regency_code"]))
        self.by_name: dict[str, set[str]] = {}
        for code, name, _ in regencies:
            for key in {normalise(name), _bare(name)}:
                self.by_name.setdefault(key, set()).add(code)
        self.province_by_name = {normalise(name): code for code, name in provinces}
        self.province_by_name.update({_bare(n).replace("daerahkhususibukota", "").replace("daerahistimewa", ""): c
                                      for c, n in provinces})          # 'Jakarta', 'Yogyakarta'
        aliases = region_aliases() if aliases is None else aliases
        for row in aliases.itertuples():
            key = normalise(row.alias)
            if row.level == "regency" and row.code in self.regency_codes:
                self.by_name.setdefault(key, set()).add(row.code)
            elif row.level == "province" and row.code in self.province_codes:
                self.province_by_name.setdefault(key, row.code)

    # --- codes ---------------------------------------------------------------------------

    def _code(self, raw: str) -> tuple[str | None, str | None]:
        explicit_bps = re.fullmatch(r"(?i)bps\s*[:.]?\s*(\d{4})", raw)
        digits = explicit_bps[1] if explicit_bps else re.sub(r"\D", "", raw)
        dotted = f"{digits[:2]}.{digits[2:]}"
        if self.bps is None:
            return None, (f"kode {raw} tanpa titik tidak dapat diperiksa terhadap kode BPS (tabel kode BPS belum "
                          f"dibuat: python -m analytics geo build); tulis kode Kemendagri dengan titik ({dotted}) / "
                          "a code without a dot cannot be checked against BPS codes: write the Kemendagri code with a dot")
        as_bps = self.bps.get(digits)
        if explicit_bps:
            return (as_bps, None) if as_bps else (None, f"kode BPS {digits} tidak dikenal / unknown BPS code")
        as_kemendagri = dotted if dotted in self.regency_codes else None
        if as_bps and as_kemendagri and as_bps != as_kemendagri:
            return None, (
                f"kode {digits} bisa dibaca dua cara: kode BPS {digits} = {self.regency_name[as_bps]} (Kemendagri "
                f"{as_bps}), kode Kemendagri {dotted} = {self.regency_name[as_kemendagri]}. Tulis {dotted} untuk "
                f"{self.regency_name[as_kemendagri]}, atau BPS {digits} (atau {as_bps}) untuk {self.regency_name[as_bps]} / "
                f"code {digits} reads two ways: BPS {digits} = {self.regency_name[as_bps]}, Kemendagri {dotted} = "
                f"{self.regency_name[as_kemendagri]}; write {dotted} for the latter, BPS {digits} for the former")
        if digits.startswith("9") and as_bps != as_kemendagri:
            return None, (f"kode Papua {digits}: kode BPS dan Kemendagri di Papua berbeda; tulis kode Kemendagri dengan "
                          f"titik (mis. {dotted}) atau BPS {digits} / Papua codes differ between BPS and Kemendagri: "
                          "write the Kemendagri code with a dot, or BPS and the code")
        found = as_bps or as_kemendagri
        return (found, None) if found else (None, f"kode wilayah {digits} tidak dikenal / unknown region code")

    # --- names ---------------------------------------------------------------------------

    def _province_of(self, text: str) -> str | None:
        raw = text.strip()
        if raw in self.province_codes:
            return raw
        return self.province_by_name.get(normalise(raw))

    def suggestions(self, text: str, province: str | None = None, n: int = 3) -> list[str]:
        """The `n` regencies whose names (or aliases) are closest to `text`, as 'Name (code)'."""
        key = normalise(text)
        ranked = difflib.get_close_matches(key, list(self.by_name), n=40, cutoff=0.0)
        out: list[str] = []
        for match in ranked:
            for code in sorted(self.by_name[match]):
                if province and not code.startswith(province + "."):
                    continue
                shown = f"{self.regency_name[code]} ({code})"
                if shown not in out:
                    out.append(shown)
        return out[:n]

    def _name(self, raw: str) -> tuple[str | None, str | None]:
        province = None
        parts = [p.strip() for p in re.split(r",|\s+-\s+|\(|\)", raw) if p.strip()]
        if len(parts) > 1:
            province = self._province_of(parts[-1])
            if province:
                raw = " ".join(parts[:-1])
        codes = set(self.by_name.get(normalise(raw), set()))
        if province:
            codes = {c for c in codes if c.startswith(province + ".")}
        if len(codes) == 1:
            return next(iter(codes)), None
        if len(codes) > 1:
            names = " atau / or ".join(f"{self.regency_name[c]} ({c})" for c in sorted(codes))
            return None, f"nama ambigu: {names}; tulis 'Kab.' atau 'Kota', atau kodenya / ambiguous name: add Kab. or Kota"
        close = self.suggestions(raw, province)
        hint = f"; mungkin / did you mean: {', '.join(close)}" if close else ""
        return None, f"wilayah tidak dikenal / unknown region{hint}"

    def regency(self, text: str) -> tuple[str | None, str | None]:
        """(Kemendagri regency code, None) or (None, reason)."""
        raw = str(text).strip()
        if not raw:
            return None, "kosong / empty"
        if raw in self.regency_codes:
            return raw, None
        if re.fullmatch(r"\d{2}\s*[.,]\s*\d{2}", raw):
            code = re.sub(r"\s*[.,]\s*", ".", raw)
            return (code, None) if code in self.regency_codes else (None, f"kode wilayah {code} tidak dikenal / unknown region code")
        if re.fullmatch(r"(?i)(?:bps\s*[:.]?\s*)?\d{4}", raw):
            return self._code(raw)
        return self._name(raw)

    def province(self, text: str) -> tuple[str | None, str | None]:
        """(province code, None) or (None, reason); '00', 'Indonesia', 'Nasional' are the national line."""
        raw = str(text).strip()
        if not raw:
            return None, "kosong / empty"
        if raw.lower() in NATIONAL:
            return "00", None
        code = self._province_of(raw)
        if code:
            return code, None
        close = difflib.get_close_matches(normalise(raw), list(self.province_by_name), n=3, cutoff=0.0)
        names = []
        for key in close:
            shown = f"{self.province_name[self.province_by_name[key]]} ({self.province_by_name[key]})"
            if shown not in names:
                names.append(shown)
        return None, f"provinsi tidak dikenal / unknown province; mungkin / did you mean: {', '.join(names)}"

    def regency_column(self, column: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Resolve each distinct spelling once (a file repeats the same few regions)."""
        lookup = {value: self.regency(value) for value in column.unique()}
        return column.map(lambda v: lookup[v][0]), column.map(lambda v: lookup[v][1])

    def province_column(self, column: pd.Series) -> tuple[pd.Series, pd.Series]:
        lookup = {value: self.province(value) for value in column.unique()}
        return column.map(lambda v: lookup[v][0]), column.map(lambda v: lookup[v][1])
