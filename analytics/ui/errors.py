"""No visitor sees a stack trace: an error is shown as one friendly block with a short id, and
its traceback goes to the server log under that id."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import streamlit as st
from streamlit.logger import get_logger

from analytics.i18n import t

log = get_logger("pantau_kube")       # the server log, in Streamlit's format
PENDING = "kube_callback_error"


def _report(exc: BaseException) -> str:
    error_id = secrets.token_hex(3).upper()
    log.error("error %s: %s", error_id, type(exc).__name__, exc_info=exc)
    return error_id


def show(error_id: str, lang: str) -> None:
    st.error(t("app.error", lang, id=error_id), icon="⚠️")


@contextmanager
def guard(lang: Callable[[], str]) -> Iterator[None]:
    """Run a page; any error becomes the friendly block (Streamlit's stop and rerun pass through)."""
    pending = st.session_state.pop(PENDING, None)
    if pending:
        show(pending, lang())
    try:
        yield
    except Exception as exc:          # noqa: BLE001 (the visitor gets an id, the log the traceback)
        show(_report(exc), lang())


def callback(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A widget callback whose error is reported the same way on the next run."""
    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:      # noqa: BLE001
            st.session_state[PENDING] = _report(exc)
    return run
