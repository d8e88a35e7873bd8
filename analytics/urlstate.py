"""The view's state as a shared link carries it: every query parameter (language, filters, month,
map indicator, policy parameters) parsed once, here, with its type and range.

An invalid or unknown value is dropped and reported (`Parsed.dropped`) so the page can say so
and render with the default; nothing a link says can raise. `to_query` writes a state back
(defaults left out, so links stay short).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

from analytics.i18n import LANGUAGES
from analytics.metrics.policy import DEFAULT_POLICY, Policy, PolicyError, spec, url_fields

# URL names (short and stable: links are shared) -> state field.
FILTERS = {"prov": "province", "kab": "regency", "kom": "commodity", "rantai": "chain",
           "pend": "facilitator", "kohort": "cohort"}
PAGE_PARAMS = {"ind": "indicator", "banding": "compare"}
MAX_COMPARED = 4
DEFAULT_INDICATOR = "share_steady"
OTHER = {"lang": "lang", "bulan": "month"}
# Streamlit's own parameters: kept as they are, never reported.
RESERVED = frozenset({"embed", "embed_options"})
MAX_SHOWN = 40


@dataclass(frozen=True)
class Options:
    """What a link may name: the database's regions, filters and months, the map's indicators."""

    provinces: Mapping[str, str]
    regencies: Mapping[str, str]
    commodities: Sequence[str]
    chains: Mapping[int, str]
    facilitator_regency: Mapping[int, str]
    cohorts: Sequence[int]
    months: Sequence[date]
    indicators: Sequence[str] = ()


@dataclass(frozen=True)
class UrlState:
    """Language, region, filters, month (None: the default month), indicator and policy."""

    lang: str = "id"
    province: str | None = None
    regency: str | None = None
    commodity: str | None = None
    chain: int | None = None
    facilitator: int | None = None
    cohort: int | None = None
    month: date | None = None
    indicator: str | None = None
    compare: tuple[str, ...] = ()      # 2-4 regions side by side (provinces or regencies)
    policy: Policy = field(default_factory=lambda: DEFAULT_POLICY)

    def changed(self, **changes: object) -> "UrlState":
        return replace(self, **changes)


@dataclass(frozen=True)
class Parsed:
    state: UrlState
    dropped: tuple[str, ...]          # 'name=value' of every value that was ignored


def shown(name: str, value: str) -> str:
    """`name=value` for a value a person typed, safe to echo as text: printable characters, at
    most 40 of them, digit runs of a NIK's length masked (render it escaped: `markdown_escape`)."""
    text = "".join(ch for ch in f"{name}={value}" if ch.isprintable())
    text = re.sub(r"\d{16,}", lambda m: m[0][:4] + "*" * (len(m[0]) - 8) + m[0][-4:], text)
    return text[:MAX_SHOWN] + "…" if len(text) > MAX_SHOWN else text


def search_text(value: object) -> str | None:
    """What a person typed into a search box, made safe to use: printable, spaces collapsed, at
    most 60 characters; None when nothing is left."""
    text = " ".join("".join(ch for ch in str(value or "") if ch.isprintable()).split())[:60]
    return text or None


def markdown_escape(text: str) -> str:
    """Text shown through markdown exactly as written (no links, emphasis or HTML)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def _int(text: str) -> int | None:
    return int(text) if re.fullmatch(r"-?\d{1,9}", text) else None


def _number(text: str) -> float | None:
    if not re.fullmatch(r"-?\d{1,6}([.,]\d{1,6})?", text):
        return None
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def _month(text: str, months: Sequence[date]) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match:
        return None
    wanted = (int(match[1]), int(match[2]))
    return next((m for m in months if (m.year, m.month) == wanted), None)


def _filter(name: str, text: str, options: Options) -> object | None:
    """The filter value a link names, or None when it names nothing that exists."""
    if name == "prov":
        return text if text in options.provinces else None
    if name == "kab":
        return text if text in options.regencies else None
    if name == "kom":
        return text if text in options.commodities else None
    number = _int(text)
    if name == "rantai":
        return number if number in options.chains else None
    if name == "pend":
        return number if number in options.facilitator_regency else None
    if name == "kohort":
        return number if number in options.cohorts else None
    raise KeyError(name)


def _policy(values: Mapping[str, str], dropped: list[str]) -> Policy:
    """The policy a link asks for: each value outside its range, or one that does not hold
    together with the values before it, is dropped; the rest are kept."""
    policy = DEFAULT_POLICY
    for url_name, field_name in url_fields().items():
        if url_name not in values:
            continue
        text, s = values[url_name], spec(field_name)
        value: object | None = text if s["choices"] else _number(text)
        if isinstance(value, float) and s["type"] in ("int", int) and value.is_integer():
            value = int(value)
        try:
            if value is None:
                raise PolicyError(field_name)
            policy = policy.changed(**{field_name: value})
        except PolicyError:
            dropped.append(shown(url_name, text))
    return policy


def parse(query: Mapping[str, str | Sequence[str]], options: Options) -> Parsed:
    """The state a link describes; every value it holds is used or reported in `dropped`."""
    values = {str(k): (v[-1] if isinstance(v, (list, tuple)) and v else str(v)).strip()
              for k, v in query.items() if str(k) not in RESERVED}
    values = {k: v for k, v in values.items() if v != ""}
    dropped: list[str] = []
    known = set(FILTERS) | set(PAGE_PARAMS) | set(OTHER) | set(url_fields())
    dropped += [shown(k, v) for k, v in values.items() if k not in known]

    lang = values.get("lang", "id")
    if lang not in LANGUAGES:
        dropped.append(shown("lang", lang))
        lang = "id"
    found: dict[str, object] = {}
    for name, attribute in FILTERS.items():
        if name in values:
            value = _filter(name, values[name], options)
            if value is None:
                dropped.append(shown(name, values[name]))
            else:
                found[attribute] = value
    _consistent_region(found, values, options, dropped)
    month = None
    if "bulan" in values:
        month = _month(values["bulan"], options.months)
        if month is None:
            dropped.append(shown("bulan", values["bulan"]))
    indicator = values.get("ind")
    if indicator is not None and indicator not in options.indicators:
        dropped.append(shown("ind", indicator))
        indicator = None
    compare = _regions(values.get("banding", ""), options, dropped)
    policy = _policy(values, dropped)
    state = UrlState(lang=lang, month=month, indicator=indicator, compare=compare, policy=policy, **found)
    return Parsed(state, tuple(dropped))


def _regions(text: str, options: Options, dropped: list[str]) -> tuple[str, ...]:
    """Region codes separated by commas: those that exist, each once, at most four."""
    out: list[str] = []
    before = len(dropped)
    for code in (c.strip() for c in text.split(",") if c.strip()):
        if (code in options.provinces or code in options.regencies) and code not in out and len(out) < MAX_COMPARED:
            out.append(code)
        else:
            dropped.append(shown("banding", code))
    if text.strip() and not out and len(dropped) == before:      # only separators
        dropped.append(shown("banding", text))
    return tuple(out)


def _consistent_region(found: dict[str, object], values: Mapping[str, str], options: Options,
                       dropped: list[str]) -> None:
    """A regency or facilitator implies its province; one outside the named province is dropped."""
    regency = found.get("regency")
    if regency is not None:
        province = str(regency)[:2]
        if found.get("province", province) != province:
            dropped.append(shown("kab", values["kab"]))
            found.pop("regency")
        else:
            found["province"] = province
    facilitator = found.get("facilitator")
    if facilitator is not None:
        province = options.facilitator_regency[facilitator][:2]
        if found.get("province", province) != province:
            dropped.append(shown("pend", values["pend"]))
            found.pop("facilitator")
        else:
            found["province"] = province


def to_query(state: UrlState, default_month: date | None = None) -> dict[str, str]:
    """The link's parameters for a state: only what differs from the defaults."""
    out: dict[str, str] = {}
    if state.lang != "id":
        out["lang"] = state.lang
    for name, attribute in FILTERS.items():
        value = getattr(state, attribute)
        if value is not None:
            out[name] = str(value)
    if state.month is not None and state.month != default_month:
        out["bulan"] = f"{state.month:%Y-%m}"
    if state.indicator not in (None, DEFAULT_INDICATOR):
        out["ind"] = state.indicator
    if state.compare:
        out["banding"] = ",".join(state.compare)
    for url_name, field_name in url_fields().items():
        value = getattr(state.policy, field_name)
        if value != getattr(DEFAULT_POLICY, field_name):
            out[url_name] = f"{value:g}" if isinstance(value, float) else str(value)
    return out


def state_fields() -> list[str]:
    return [f.name for f in fields(UrlState)]
