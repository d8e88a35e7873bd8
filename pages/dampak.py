"""Dampak (impact): the effect of joining a group on income, by months since joining."""
import pandas as pd
import streamlit as st

from analytics.charts.impact import OUTCOMES, event_study, scale, unit
from analytics.disclosure import K
from analytics.formatting import number, rupiah
from analytics.i18n import t
from analytics.policy_text import caption
from analytics.reference_names import commodity
from analytics.ui import cache
from analytics.ui.export import chart, page_subtitle, view_subtitle
from analytics.ui.state import choose

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
names = cache.choices(con, key)

st.title(t("page.impact", lang))
page_subtitle(v)
st.caption(t("impact.intro", lang))
outcome = choose(st.radio, t("impact.outcome_label", lang), OUTCOMES, name="impact_outcome", lang=lang,
                 format_func=lambda o: t(f"impact.outcome.{o}", lang), horizontal=True)

with st.spinner(t("impact.computing", lang)):
    result = cache.impact(con, key, v.policy, None if v.region == "00" else v.region, v.filters)
if result.error or outcome not in result.studies:
    st.info(t("impact.unavailable", lang))
    st.stop()

study = result.studies[outcome]
k = scale(outcome)
shown_unit = unit(outcome, lang)


def shown(value: float) -> str:
    if outcome == "per_capita":
        return rupiah(value, lang)
    return number(value * k, lang, 1 if outcome == "above_line" else 3)


o = study.overall
interval = t("impact.interval", lang, low=shown(o["ci_low"]), high=shown(o["ci_high"]), unit=shown_unit)
cols = st.columns(3)
cols[0].metric(t("impact.average", lang), shown(o["estimate"]), help=interval)
cols[1].metric(t("impact.baseline", lang), shown(study.baseline_mean), help=t("impact.baseline_help", lang))
cols[2].metric(t("impact.groups_reports", lang), f"{number(study.groups, lang)} / {number(study.reports, lang)}")
st.caption(interval)

planted = None
if cache.synthetic(con, key) and v.region == "00" and not v.filters.active():
    from analytics.impact.service import planted as planted_effect
    planted = planted_effect(con)
fig = event_study(study.events, outcome, lang, t("impact.chart_title", lang, outcome=t(f"impact.outcome.{outcome}", lang)),
                  view_subtitle(v, t("impact.chart_subtitle", lang, unit=shown_unit)), planted=planted)
chart(fig, study.events, f"dampak_{outcome}", v, "impact_chart",
      rupiah=("estimate", "se", "ci_low", "ci_high") if outcome == "per_capita" else ())
computed = t("impact.computed_cached" if result.cached else "impact.computed", lang,
             seconds=number(result.seconds, lang, 1))
st.caption(caption(v.policy, lang) + " " + computed)
st.markdown(t("impact.how_to_read", lang))

with st.expander(t("impact.by_month", lang), expanded=False):
    ev = study.events
    st.dataframe(pd.DataFrame({
        t("chart.months_since_joining", lang): ev["event_time"],
        t("impact.effect", lang): [shown(x) for x in ev["estimate"]],
        t("impact.lower", lang): [shown(x) for x in ev["ci_low"]],
        t("impact.upper", lang): [shown(x) for x in ev["ci_high"]],
        t("impact.reports", lang): [number(x, lang) for x in ev["reports"]],
    }), hide_index=True, width="stretch")


def subgroup_name(column: str, value) -> str:
    if column == "province_code":
        return names.provinces.get(value, value)
    if column == "commodity":
        return commodity(value, lang)
    if column == "in_chain":
        return t("common.yes", lang) if value else t("common.no", lang)
    return names.facilitators.get(int(value), str(value))


st.subheader(t("impact.by_subgroup", lang))
tabs = st.tabs([t(f"impact.by.{c}", lang) for c in study.by])
for tab, (column, table) in zip(tabs, study.by.items()):
    with tab:
        table = table[table["reports"] >= K].sort_values("estimate", ascending=False)
        st.dataframe(pd.DataFrame({
            t(f"impact.by.{column}", lang): [subgroup_name(column, x) for x in table[column]],
            t("impact.effect", lang): [shown(x) for x in table["estimate"]],
            t("impact.lower", lang): [shown(x) for x in table["ci_low"]],
            t("impact.upper", lang): [shown(x) for x in table["ci_high"]],
            t("impact.reports", lang): [number(x, lang) for x in table["reports"]],
        }), hide_index=True, width="stretch")
if "facilitator_id" not in study.by:
    st.caption(t("impact.facilitators_later", lang))

st.subheader(t("impact.caveats_title", lang))
st.markdown(t("impact.caveats", lang))
