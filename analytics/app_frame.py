"""The shared sidebar (language, filters, policy) and its round trip through the URL."""
from __future__ import annotations

import streamlit as st

from analytics.labels import commodity_label, policy_caption  # noqa: F401 (used by pages)

from analytics import app_cache
from analytics.formatting import month as fmt_month
from analytics.i18n import LANGUAGES, t
from analytics.metrics import queries
from analytics.metrics.policy import DEFAULT_POLICY, Policy

# URL query parameter names (short, stable: links are shared).
PARAMS = {"province": "prov", "regency": "kab", "commodity": "kom", "chain": "rantai",
          "facilitator": "pend", "cohort": "kohort", "month": "bulan"}
POLICY_PARAMS = {"steady_max_cv": "p_cv", "steady_window": "p_stabil", "independent_window": "p_mandiri",
                 "independence_benchmark": "p_acuan", "poverty_min_reports": "p_lapor"}


def _url(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value not in (None, "") else None


def _set_url(name: str, value: object | None) -> None:
    if value is None or value == "":
        if name in st.query_params:
            del st.query_params[name]
    else:
        st.query_params[name] = str(value)


def _select(label: str, options: list, url_name: str, fmt, cast=str):
    current = _url(url_name)
    try:
        current = cast(current) if current is not None else None
    except ValueError:
        current = None
    values = [None, *options]
    index = values.index(current) if current in values else 0
    choice = st.sidebar.selectbox(label, values, index=index, format_func=fmt, key=f"filter_{url_name}")
    _set_url(url_name, choice)
    return choice


def language() -> str:
    lang = _url("lang") if _url("lang") in LANGUAGES else "id"
    lang = st.sidebar.segmented_control(t("language", lang), LANGUAGES, format_func=str.upper, default=lang,
                                        key="lang_choice") or "id"
    _set_url("lang", lang)
    return lang


def sidebar(con, lang: str) -> app_cache.View:
    """Draw the shared filters and the policy expander; returns the view every page uses."""
    key = app_cache.db_key()
    choices = app_cache.choices(con, key)
    everyone = "— semua —" if lang == "id" else "— all —"

    def named(mapping):
        return lambda v: everyone if v is None else mapping.get(v, str(v))

    st.sidebar.markdown("**Filter**")
    province = _select(t("f_province", lang), list(choices.provinces), PARAMS["province"], named(choices.provinces))
    regencies = {c: n for c, n in choices.regencies.items() if province and c.startswith(province + ".")}
    regency = _select(t("f_regency", lang), list(regencies), PARAMS["regency"], named(regencies)) if province else None
    if not province:
        _set_url(PARAMS["regency"], None)
    commodity = _select(t("f_commodity", lang), choices.commodities, PARAMS["commodity"],
                        lambda v: everyone if v is None else commodity_label(v, lang))
    chain = _select(t("f_chain", lang), list(choices.chains), PARAMS["chain"], named(choices.chains), int)
    # Facilitators are many (about 10,000 nationally): listed once a province is chosen.
    facilitators = {k: n for k, n in choices.facilitators.items()
                    if province and choices.facilitator_regency.get(k, "").startswith(province + ".")}
    facilitator = _select(t("f_facilitator", lang), list(facilitators), PARAMS["facilitator"],
                          named(facilitators), int) if province else None
    if not province:
        _set_url(PARAMS["facilitator"], None)
    cohort = _select(t("f_cohort", lang), choices.cohorts, PARAMS["cohort"],
                     lambda v: everyone if v is None else str(v), int)

    policy = policy_expander(lang)
    app_cache.ensure_marts(con, policy)
    key = app_cache.db_key()          # building marts for a new policy changes the file
    months = app_cache.choices(con, key).months or [None]
    default = app_cache.default_month(con, key, policy)
    wanted = _url(PARAMS["month"])
    current = next((m for m in months if m is not None and f"{m:%Y-%m}" == wanted), default)
    month = st.sidebar.select_slider(t("f_period", lang), months, value=current,
                                     format_func=lambda m: fmt_month(m, lang, short=True), key="filter_month")
    _set_url(PARAMS["month"], f"{month:%Y-%m}" if month and month != default else None)
    filters = queries.Filters(commodity=commodity, chain=chain, facilitator=facilitator, cohort=cohort)
    return app_cache.View(lang, policy, province, regency, filters, month)


def policy_expander(lang: str) -> Policy:
    values = {}
    with st.sidebar.expander(t("policy", lang)):
        st.caption(t("policy_help", lang))
        values["steady_max_cv"] = st.number_input(
            t("p_cv", lang), 0.05, 1.0, float(_url("p_cv") or DEFAULT_POLICY.steady_max_cv), 0.05, key="p_cv")
        values["steady_window"] = int(st.number_input(
            t("p_stabil", lang), 3, 12, int(_url("p_stabil") or DEFAULT_POLICY.steady_window), 1, key="p_stabil"))
        values["independent_window"] = int(st.number_input(
            t("p_mandiri", lang), 6, 24, int(_url("p_mandiri") or DEFAULT_POLICY.independent_window), 1, key="p_mandiri"))
        options = ["ump", "poverty_line_multiple"]
        bench = _url("p_acuan") if _url("p_acuan") in options else DEFAULT_POLICY.independence_benchmark
        values["independence_benchmark"] = st.radio(
            t("p_acuan", lang), options, index=options.index(bench), key="p_acuan",
            format_func=lambda v: t("p_acuan_ump", lang) if v == "ump" else t("p_acuan_line", lang))
        values["poverty_min_reports"] = int(st.number_input(
            t("p_lapor", lang), 1, 3, int(_url("p_lapor") or DEFAULT_POLICY.poverty_min_reports), 1, key="p_lapor"))
    policy = Policy(**values)
    for name, url_name in POLICY_PARAMS.items():
        value = getattr(policy, name)
        _set_url(url_name, None if value == getattr(DEFAULT_POLICY, name) else value)
    return policy


def percent_bar() -> st.column_config.ProgressColumn:
    """A 0-100 share as a bar with a whole-number percentage (no decimal separator to localise)."""
    return st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")
