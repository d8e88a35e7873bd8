"""Display names of the codes and terms stored in the data (commodities, channels, value-chain
stages and products, group stages), in the reader's language."""
from __future__ import annotations

import re
from functools import lru_cache

from analytics import reference
from analytics.i18n import catalogue, check_lang, t


@lru_cache(maxsize=1)
def _commodities() -> dict[str, dict[str, str]]:
    return {c.code: {"id": c.name_id, "en": c.name_en} for c in reference.commodities()}


@lru_cache(maxsize=1)
def _channels() -> dict[str, dict[str, str]]:
    return {c.code: {"id": c.name_id, "en": c.name_en} for c in reference.channels()}


def commodity(code: str, lang: str) -> str:
    names = _commodities().get(code)
    return names[check_lang(lang)] if names else code


def channel(code: str, lang: str) -> str:
    names = _channels().get(code)
    return names[check_lang(lang)] if names else code


def term_key(text: str) -> str:
    return "term." + re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def term(text: str, lang: str) -> str:
    """A value-chain stage or product as stored ('Petani kelapa') in `lang`; proper names
    without a catalogue entry (an offtaker's name) stay as they are."""
    entry = catalogue().get(term_key(text))
    if entry:
        return entry[check_lang(lang)]
    # a synthetic offtaker's name keeps its name, with its "(sintetis)" mark translated
    return str(text).replace("(sintetis)", f"({t('term.sintetis', lang)})")


SHORT = (("Kabupaten ", "Kab. "), ("Kota Administrasi ", "Kota Adm. "), ("Kepulauan ", "Kep. "))


def short_name(name: str) -> str:
    """A region's name as Indonesian tables abbreviate it ('Kab. Kep. Siau Tagulandang Biaro')."""
    for long, short in SHORT:
        name = str(name).replace(long, short)
    return name


def group_stage(stage: str | None, lang: str) -> str:
    """A group's stage (Tumbuh, Berkembang, Maju), explained in English."""
    return t(f"stage.{stage}", lang) if stage in ("Tumbuh", "Berkembang", "Maju") else "–"


def import_column_doc(column, lang: str) -> str:
    """What an import column holds (`analytics.ingest.kinds.Column`), in `lang`."""
    return getattr(column, f"doc_{check_lang(lang)}")
