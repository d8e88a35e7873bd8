"""The view's state across reruns, pages and languages.

The link is read once, when a session starts (`analytics.urlstate.parse`); from then on the
session holds the state and the link is written from it. Widgets never own the state: each is
keyed by its name *and the language*, initialised from the state, and writes its value back.
A selectbox remembers its choice by the option's label, so a widget that outlived a language
switch would no longer find its value; a new key per language avoids that.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from analytics import urlstate
from analytics.i18n import LANGUAGES
from analytics.metrics.policy import Policy
from analytics.metrics.queries import Filters

STATE = "kube_state"
KEPT = "kube_kept"           # page-level choices that are not in the link (year shown, group picked)
NOTICES = "kube_link_notices"
_FIELDS = set(urlstate.state_fields())
_MISSING = object()


@dataclass(frozen=True)
class View:
    """What every page shows: language, policy, region, filters and the month."""

    lang: str
    policy: Policy
    province: str | None
    regency: str | None
    filters: Filters
    month: date | None

    @property
    def region(self) -> str:
        return self.regency or self.province or "00"


def start(options: urlstate.Options) -> urlstate.UrlState:
    """The session's state; on its first run, the link's (values it could not use are kept as notices)."""
    if STATE not in st.session_state:
        parsed = urlstate.parse(st.query_params.to_dict(), options)
        st.session_state[STATE] = parsed.state
        st.session_state[NOTICES] = (parsed.state, parsed.dropped)
    return st.session_state[STATE]


def get() -> urlstate.UrlState:
    return st.session_state[STATE]


def notices() -> tuple[str, ...]:
    """The link values that were ignored, while the view is still the one the link opened."""
    opened, dropped = st.session_state.get(NOTICES, (None, ()))
    return dropped if get() == opened else ()


def update(**changes: Any) -> None:
    """Change the state (from a callback, e.g. a click on the map); widgets showing it follow."""
    st.session_state[STATE] = get().changed(**changes)
    for name in changes:
        for lang in LANGUAGES:
            st.session_state.pop(widget_key(name, lang), None)


def update_quietly(**changes: Any) -> None:
    """Change the state during a run, after the widgets that show it were drawn."""
    st.session_state[STATE] = get().changed(**changes)


def widget_key(name: str, lang: str) -> str:
    return f"w_{name}_{lang}"


def _value(name: str, default: Any) -> Any:
    if name in _FIELDS:
        return getattr(get(), name)
    return st.session_state.setdefault(KEPT, {}).get(name, default)


def _store(name: str, value: Any) -> None:
    if name in _FIELDS:
        if getattr(get(), name) != value:
            st.session_state[STATE] = get().changed(**{name: value})
    else:
        st.session_state.setdefault(KEPT, {})[name] = value


def _bound(name: str, lang: str, current: Any, valid: Callable[[Any], bool]) -> tuple[str, Any]:
    """The widget key for `name` and the value to show: the person's new choice when the widget
    brings one, else `current`. The value is set before the widget is drawn on every run: a
    session's first run identifies widgets differently from later runs (Streamlit starts in its
    legacy pages-folder mode until `st.navigation` runs), so a widget cannot carry its own value."""
    key = widget_key(name, lang)
    incoming = st.session_state.get(key, _MISSING)
    if incoming is not _MISSING and incoming != current and valid(incoming):
        current = incoming
    st.session_state[key] = current
    return key, current


def choose(widget: Callable[..., Any], label: str, options: Sequence[Any], *, name: str, lang: str,
           format_func: Callable[[Any], str] = str, default: Any = None, **kwargs: Any) -> Any:
    """A choice widget (`st.selectbox`, `st.radio`, `st.select_slider`, `st.segmented_control`,
    or the same on a container) bound to the state field or kept value `name`."""
    options = list(options)
    current = _value(name, default)
    if current not in options:
        current = default if default in options else options[0]
    key, current = _bound(name, lang, current, lambda v: v in options)
    if None in options and getattr(widget, "__name__", "") == "selectbox":
        # Streamlit draws a None value as its own English placeholder ("Choose an option"):
        # show the None option's own label instead ("— semua —").
        kwargs.setdefault("placeholder", format_func(None))
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    if value not in options:           # a segmented control clicked off: keep the choice
        value = current
    _store(name, value)
    return value


def choose_many(label: str, options: Sequence[Any], *, name: str, lang: str, format_func: Callable[[Any], str] = str,
                **kwargs: Any) -> tuple[Any, ...]:
    """A multiselect bound to the state field or kept value `name` (a tuple)."""
    options = list(options)
    current = tuple(x for x in (_value(name, ()) or ()) if x in options)
    key, chosen = _bound(name, lang, list(current), lambda v: isinstance(v, list) and all(x in options for x in v))
    value = tuple(st.multiselect(label, options, key=key, format_func=format_func, **kwargs))
    _store(name, value)
    return value


def number(label: str, *, name: str, current: float, low: float, high: float, step: float, whole: bool) -> float:
    """A number input for the kept value `name` within [low, high]."""
    cast = int if whole else float
    key, value = _bound(name, "any", cast(current),
                        lambda v: isinstance(v, (int, float)) and low <= v <= high)
    value = st.number_input(label, cast(low), cast(high), step=cast(step), key=key,
                            format="%d" if whole else "%.2f")
    _store(name, value)
    return value


DEFAULT_MONTH = "kube_default_month"


def sync_link(default_month: date | None = None) -> None:
    """Write the state into the link (only what differs from the defaults); called after the
    sidebar and again after the page, whose own choices (the map's indicator) belong in it too."""
    if default_month is not None:
        st.session_state[DEFAULT_MONTH] = default_month
    wanted = urlstate.to_query(get(), st.session_state.get(DEFAULT_MONTH))
    current = st.query_params.to_dict()
    kept = {k: v for k, v in current.items() if k in urlstate.RESERVED}
    if {k: v for k, v in current.items() if k not in urlstate.RESERVED} != wanted:
        st.query_params.from_dict({**kept, **wanted})
