"""Pendamping (facilitators): groups and members per facilitator, completeness, progress, attention;
for one facilitator, the follow-up list for a field visit."""
import pandas as pd
import streamlit as st

from analytics import facilitators as rule
from analytics.access.roles import Permission
from analytics.export.tables import xlsx_bytes
from analytics.formatting import month as fmt_month, number, percent
from analytics.i18n import t
from analytics.policy_text import caption
from analytics.ui import auth, cache
from analytics.ui.export import XLSX, page_subtitle, provenance, view_subtitle
from analytics.ui.frame import percent_bar
from analytics.export.notes import notes

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)
one = v.filters.facilitator

st.title(t("page.facilitators", lang))
page_subtitle(v)
fac = cache.facilitator_table(con, key, v.month, v.policy, v.region, one)
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
# one facilitator chosen: always their row (never an empty grid because they need no attention)
show_all = one is not None or st.toggle(t("facilitators.show_all", lang), value=False, key="fac_all")
shown = fac if show_all else fac[fac["attention"]]
columns = {"completeness": t("column.completeness", lang), "share_steady": t("column.steady_now", lang),
           "share_steady_12m_ago": t("column.steady_12m_ago", lang)}
st.dataframe(pd.DataFrame({
    t("filter.facilitator", lang): shown["name"], t("filter.regency", lang): shown["regency_name"],
    t("column.groups", lang): shown["groups"], t("column.groups_alive", lang): shown["groups_alive"],
    t("column.active_members", lang): shown["active_members"],
    **{label: shown[column] * 100 for column, label in columns.items()},
    t("facilitators.needs_attention", lang): shown["attention"].map({True: t("common.yes", lang),
                                                                     False: t("common.no", lang)}),
}), hide_index=True, width="stretch", height=min(460, 38 + 35 * max(len(shown), 1)),
    column_config={c: percent_bar() for c in columns.values()})
st.caption(t("common.as_of", lang, period=period) + " " + caption(v.policy, lang))

if one is None:
    st.info(t("facilitators.choose_one", lang))
    st.stop()

st.subheader(t("facilitators.followup_title", lang, name=shown["name"].iloc[0]))
followup = cache.table(con, key, "facilitator_followup", policy=v.policy, month=v.month, facilitator=one)
if followup.empty:
    st.success(t("facilitators.followup_none", lang, period=period))
    st.stop()
table = pd.DataFrame({
    t("facilitators.followup_kind", lang): [t(f"facilitators.kind.{k}", lang) for k in followup["kind"]],
    t("column.group", lang): followup["group_name"] + " (ID " + followup["kube_id"].astype(str) + ")",
    t("filter.regency", lang): followup["regency_name"],
    t("column.member_pseudonym", lang): followup["pseudonym"].fillna("–"),
    t("facilitators.since", lang): [fmt_month(m, lang) for m in followup["since"]],
})
counts = followup["kind"].value_counts()
st.caption(t("facilitators.followup_caption", lang, silent=number(counts.get("silent", 0), lang),
             slipping=number(counts.get("slipping", 0), lang), falling=number(counts.get("falling", 0), lang)))
st.dataframe(table, hide_index=True, width="stretch")
title = t("facilitators.followup_title", lang, name=shown["name"].iloc[0])
if auth.can(Permission.TABLE_DOWNLOADS):
    name = f"tindak_lanjut_pendamping_{one}_{v.month:%Y-%m}.xlsx"
    sheet_notes = notes(title, view_subtitle(v, period), provenance(v), v.policy)   # a click runs outside the session
    make = lambda: xlsx_bytes(table, sheet_notes)  # noqa: E731
    st.download_button(t("facilitators.followup_xlsx", lang),
                       data=auth.audited(make, name, "xlsx", v.region, Permission.TABLE_DOWNLOADS),
                       file_name=name, mime=XLSX, on_click="ignore", key="followup_xlsx")
