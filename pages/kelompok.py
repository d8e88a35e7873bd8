"""Kelompok & Anggota (groups and members): a filterable table, one group's members against the line."""
import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month, number, rupiah
from analytics.i18n import t
from analytics.metrics.policy import STATUS_CODES
from analytics.policy_text import caption
from analytics.reference_names import commodity, group_stage
from analytics.access.roles import Permission
from analytics.ui import auth, cache
from analytics.ui.export import chart
from analytics.ui.frame import percent_bar
from analytics.ui.state import choose

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)

st.title(t("page.groups", lang))
groups = cache.table(con, key, "groups_table", policy=v.policy, month=v.month,
                     region=None if v.region == "00" else v.region, **v.filters.values())
if groups.empty:
    st.info(t("common.empty", lang))
    st.stop()
only_alive = st.toggle(t("groups.only_alive", lang), value=False, key="alive_only")
if only_alive:
    groups = groups[groups["alive"] == True]  # noqa: E712 (nullable column)
yes_no = {True: t("common.yes", lang), False: t("common.no", lang)}
shown = pd.DataFrame({
    "ID": groups["kube_id"], t("column.group", lang): groups["name"], t("filter.regency", lang): groups["regency_name"],
    t("filter.commodity", lang): [commodity(c, lang) for c in groups["commodity"]],
    t("column.formed", lang): pd.to_datetime(groups["formed_on"]).dt.strftime("%Y-%m"),
    t("column.stage", lang): [group_stage(s, lang) for s in groups["stage"]],
    t("column.alive", lang): groups["alive"].map(yes_no).fillna("–"),
    t("column.active_members", lang): groups["active_members"],
    t("column.steady", lang): groups["share_steady"] * 100,
    t("column.profit_month", lang): [rupiah(x, lang) for x in groups["profit"]],
})
st.caption(t("groups.caption", lang, groups=number(len(groups), lang), period=period))
st.dataframe(shown, hide_index=True, width="stretch", height=320,
             column_config={t("column.steady", lang): percent_bar()})

label = dict(zip(groups["kube_id"], groups["name"] + " · " + groups["regency_name"]))
chosen = choose(st.selectbox, t("groups.pick", lang), groups["kube_id"].tolist(), name="group", lang=lang,
                format_func=lambda k: label[k])
members = cache.table(con, key, "group_member_trajectories", policy=v.policy, kube_id=int(chosen))
if not auth.can(Permission.MEMBER_ROWS):      # member-level rows: analysts and pusat only
    st.info(t("auth.member_rows", lang))
elif members.empty:
    st.info(t("common.empty", lang))
else:
    # Unit-level (pseudonymous) data: the image can be downloaded, the rows cannot (disclosure control).
    chart(figures.member_trajectories(members, lang, t("groups.members_title", lang),
                                      t("groups.members_subtitle", lang, group=label[chosen])),
          None, f"anggota_kelompok_{chosen}", v, "members_chart")
    latest = members.sort_values("month").groupby("pseudonym").tail(1)
    st.dataframe(pd.DataFrame({
        t("column.member_pseudonym", lang): latest["pseudonym"],
        t("column.latest_month", lang): pd.to_datetime(latest["month"]).dt.strftime("%Y-%m"),
        t("column.status", lang): [t(f"status.{STATUS_CODES[s]}", lang) for s in latest["status"]],
        t("column.per_capita", lang): [rupiah(x, lang) for x in latest["per_capita"]],
        t("column.line_per_capita", lang): [rupiah(x, lang) for x in latest["line_per_capita"]],
    }), hide_index=True, width="stretch")
    st.caption(t("groups.members_caption", lang) + " " + caption(v.policy, lang))
