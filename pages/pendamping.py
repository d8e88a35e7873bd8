"""Pendamping (facilitators): groups and members per facilitator, completeness, progress, attention."""
import pandas as pd
import streamlit as st

from analytics import facilitators as rule
from analytics.formatting import month as fmt_month, number, percent
from analytics.i18n import t
from analytics.policy_text import caption
from analytics.ui import cache
from analytics.ui.frame import percent_bar

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)

st.title(t("page.facilitators", lang))
fac = cache.facilitator_table(con, key, v.month, v.policy, v.region, v.filters.facilitator)
if fac.empty:
    st.info(t("common.empty", lang))
    st.stop()
cols = st.columns(3)
cols[0].metric(t("facilitators.count", lang), number(len(fac), lang))
cols[1].metric(t("facilitators.attention", lang), number(int(fac["attention"].sum()), lang),
               help=t("facilitators.attention_help", lang,
                      completeness=percent(rule.MIN_COMPLETENESS, lang, 0),
                      fall=number(rule.MAX_STEADY_FALL * 100, lang), dead=percent(rule.MAX_DEAD_SHARE, lang, 0)))
cols[2].metric(t("facilitators.median_completeness", lang), percent(fac["completeness"].median(), lang, 0))
show_all = st.toggle(t("facilitators.show_all", lang), value=False, key="fac_all")
shown = fac if show_all else fac[fac["attention"]]
columns = {"completeness": t("column.completeness", lang), "share_steady": t("column.steady_now", lang),
           "share_steady_12m_ago": t("column.steady_12m_ago", lang)}
st.dataframe(pd.DataFrame({
    t("filter.facilitator", lang): shown["name"], t("filter.regency", lang): shown["regency_name"],
    t("column.groups", lang): shown["groups"], t("column.groups_alive", lang): shown["groups_alive"],
    t("column.active_members", lang): shown["active_members"],
    **{label: shown[column] * 100 for column, label in columns.items()},
    t("facilitators.needs_attention", lang): shown["attention"],
}), hide_index=True, width="stretch", height=460, column_config={c: percent_bar() for c in columns.values()})
st.caption(t("common.as_of", lang, period=period) + " " + caption(v.policy, lang))
