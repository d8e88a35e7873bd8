"""Matching region names across sources (GADM's CamelCase, Kemendagri's spelled-out names)."""
from __future__ import annotations

import re
import unicodedata

# GADM level-1 names -> current Kemendagri province codes (the 2022 Papua split included).
GADM_PROVINCES: dict[str, tuple[str, ...]] = {
    "Aceh": ("11",), "SumateraUtara": ("12",), "SumateraBarat": ("13",), "Riau": ("14",), "Jambi": ("15",),
    "SumateraSelatan": ("16",), "Bengkulu": ("17",), "Lampung": ("18",), "BangkaBelitung": ("19",),
    "KepulauanRiau": ("21",), "JakartaRaya": ("31",), "JawaBarat": ("32",), "JawaTengah": ("33",),
    "Yogyakarta": ("34",), "JawaTimur": ("35",), "Banten": ("36",), "Bali": ("51",),
    "NusaTenggaraBarat": ("52",), "NusaTenggaraTimur": ("53",), "KalimantanBarat": ("61",),
    "KalimantanTengah": ("62",), "KalimantanSelatan": ("63",), "KalimantanTimur": ("64",),
    "KalimantanUtara": ("65",), "SulawesiUtara": ("71",), "SulawesiTengah": ("72",),
    "SulawesiSelatan": ("73",), "SulawesiTenggara": ("74",), "Gorontalo": ("75",), "SulawesiBarat": ("76",),
    "Maluku": ("81",), "MalukuUtara": ("82",), "Papua": ("91", "93", "94", "95"), "PapuaBarat": ("92", "96"),
}

# GADM regency names that differ from today's (renamed units and spelling), normalised form.
RENAMED: dict[str, str] = {
    "tobasamosir": "toba",
    "pakpakbarat": "pakpakbharat",
    "malukutenggarabarat": "kepulauantanimbar",
    "mamujuutara": "pasangkayu",
    "pontianak": "mempawah",                 # Kabupaten Pontianak (Kota Pontianak is 'KotaPontianak')
    "tanjungjabungb": "tanjungjabungbarat",
    "tanjungjabungt": "tanjungjabungtimur",
    "siautagulandangbiaro": "kepulauansiautagulandangbiaro",
    "kotamobagu": "kotamobagu",
}

LAKES = {"wadukcirata", "wadukkedungombo", "danau", "laketoba", "danaulimboto"}


def norm(name: str) -> str:
    """Lower-case letters only, without accents and administrative prefixes."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"^(kabupaten administrasi|kota administrasi|kabupaten|kab\.|kab|kota)\s+", "", text.strip(),
                  flags=re.I)
    text = re.sub(r"^kep\.\s*", "kepulauan ", text, flags=re.I)
    return re.sub(r"[^a-z]", "", text.lower())


def regency_key(name: str, city: bool = False) -> str:
    """A regency name's matching key, with GADM's renamed units mapped to today's.

    GADM writes cities as 'KotaBandung'; `city` strips that prefix ('Kotamobagu' is a name).
    """
    key = norm(name)
    if key in RENAMED:
        return RENAMED[key]
    if city and key.startswith("kota"):
        return key[4:]
    return key
