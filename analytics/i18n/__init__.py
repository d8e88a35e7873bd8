"""One catalogue for every label, title, axis, unit, status and metric name, in Bahasa Indonesia
(first) and English: `analytics/i18n/labels.toml`, keyed by `section.name`.

`t("headline.share_steady", lang)` is the one way to write a translated label; `{placeholders}` are
filled with values the caller has already formatted for `lang` (`analytics.formatting`).
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("id", "en")
CATALOGUE = Path(__file__).with_name("labels.toml")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every entry as `section.name -> {"id": ..., "en": ...}` (read once per process)."""
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: dict) -> None:
        if set(table) == set(LANGUAGES) and all(isinstance(v, str) for v in table.values()):
            out[prefix] = table
            return
        for name, value in table.items():
            if not isinstance(value, dict):
                raise ValueError(f"{CATALOGUE.name}: {prefix}.{name} is not an id/en pair")
            walk(f"{prefix}.{name}" if prefix else name, value)

    walk("", tomllib.loads(CATALOGUE.read_text(encoding="utf-8")))
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`, with `{placeholders}` filled."""
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no label {key!r} in {CATALOGUE.name}")
    text = entry[check_lang(lang)]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in catalogue()
