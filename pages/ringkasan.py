"""Ringkasan (overview): national headline figures."""
import streamlit as st

from analytics import app_cache
from analytics.formatting import month, number
from analytics.i18n import t

lang = st.session_state.get("lang", "id")
con = app_cache.cursor()
head = app_cache.headline_counts(con, app_cache.db_key())

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

cols = st.columns(4)
cols[0].metric(t("members", lang), number(head.members, lang), help=t("members_help", lang))
cols[1].metric(t("groups", lang), number(head.groups, lang))
cols[2].metric(t("facilitators", lang), number(head.facilitators, lang))
cols[3].metric(t("latest_month", lang), month(head.latest_month, lang, short=True), help=t("latest_month_help", lang))

cols = st.columns(4)
cols[0].metric(t("provinces_covered", lang), number(head.provinces_covered, lang),
               t("of_total", lang, total=head.provinces_total), delta_color="off", delta_arrow="off")
cols[1].metric(t("regencies_covered", lang), number(head.regencies_covered, lang),
               t("of_total", lang, total=head.regencies_total), delta_color="off", delta_arrow="off")
cols[2].metric(t("income_reports", lang), number(head.income_reports, lang))
st.caption(t("counts_caption", lang, month=month(head.latest_month, lang)))
