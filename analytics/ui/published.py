"""The published version a page run reads, and the in-memory figures for a changed policy.

A run is pinned to the version that was current when it first asked (`cursor`, `db_key`), so
all of one run's figures come from one whole version; the next run moves to a newer one. A
run with a changed policy reads that policy's marts from an in-memory entry built by this
process for the view's province (or the country), never written to the store
(`analytics.serving.policy_cache`).
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from analytics.formatting import number
from analytics.i18n import t
from analytics.metrics.policy import Policy
from analytics.serving.layout import Store
from analytics.serving.policy_cache import NATION, POLICIES, Entry, ScopeTooLarge
from analytics.serving.reader import READER, Handle, grace_seconds


@dataclass
class Pin:
    """What one page run reads: a version and, for a changed policy, its entry."""

    link: Path
    version: str
    entry: tuple[str, str, str] | None = None


_pins: "weakref.WeakKeyDictionary[object, Pin]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _run_token() -> object | None:
    """An object that lives for one script run (Streamlit makes a new coordinator per run)."""
    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


def pin(link: Path) -> Pin | None:
    """This run's pin on the store at `link` (made on the run's first call); None without a database."""
    token = _run_token()
    if token is not None:
        with _lock:
            found = _pins.get(token)
        if found is not None and found.link == link:
            return found
    handle = READER.current(Store(link))
    if handle is None:
        return None
    POLICIES.expire(handle.key, grace_seconds())
    made = Pin(link, handle.key)
    if token is not None:
        with _lock:
            _pins[token] = made
    return made


def handle(p: Pin) -> Handle:
    """The pinned version (or, if this process has let it go, the current one)."""
    found = READER.get(p.version)
    if found is None:
        found = READER.current(Store(p.link))
        p.version, p.entry = found.key, None
    return found


def key(p: Pin | None, path: Path) -> str:
    """The cache key of what the run reads: version, and the policy entry's policy and scope."""
    if p is None:
        return str(path)
    return p.version + (f"|{p.entry[1]}|{p.entry[2]}" if p.entry else "")


def _wait(entry: Entry, lang: str) -> None:
    if entry.ready.is_set():
        return
    text = t("serving.policy_computing", lang, members=number(entry.members, lang))
    bar = st.progress(entry.progress(), text=text)
    while not entry.ready.wait(0.25):
        bar.progress(entry.progress(), text=text)
    bar.empty()


def use_policy(p: Pin, policy: Policy, scope: str | None, lang: str) -> None:
    """Make the run read `policy`'s figures for `scope` (a province, or None for the country),
    computing them in memory with a progress bar the first time; the default needs nothing."""
    if policy.is_default():
        p.entry = None
        return
    try:
        entry = POLICIES.get(handle(p), policy, scope or NATION)
    except ScopeTooLarge as exc:
        st.warning(t("serving.policy_too_large", lang, members=number(exc.members, lang)), icon="🗺️")
        st.stop()
    _wait(entry, lang)
    if entry.error is not None:
        raise entry.error
    p.entry = entry.key


def policy_cursor(p: Pin, policy: Policy, scope: str | None) -> duckdb.DuckDBPyConnection:
    """A cursor on `policy`'s in-memory figures (built now, without progress, if the run has none)."""
    entry = POLICIES.peek(p.entry) if p.entry and p.entry[1] == policy.key() else None
    if entry is None:
        entry = POLICIES.get(handle(p), policy, p.entry[2] if p.entry else scope or NATION)
        entry.ready.wait()
    return entry.cursor()


def version_note(p: Pin | None, lang: str) -> str:
    """'Data version 4, published 1 Dec 2026 22:38' for the sidebar (empty for a plain file)."""
    if p is None:
        return ""
    info = handle(p).info
    if info.number is None:
        return ""
    when = (info.published_at or "").replace("T", " ")[:16]
    return t("serving.version_note", lang, version=info.number, when=when)
