"""Kelompok & Anggota (groups and members): every group of the selection (searchable, paged), and one
group's members against the poverty line up to the view's month."""
import math

import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month, number, rupiah
from analytics.i18n import t
from analytics.metrics.policy import STATUS_CODES
from analytics.policy_text import caption
from analytics.reference_names import commodity, group_stage
from analytics.urlstate import search_text
from analytics.ui import cache
from analytics.ui.export import chart, page_subtitle, view_subtitle
from analytics.ui.frame import percent_bar

PAGE_SIZE = 200

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)

st.title(t("page.groups", lang))
page_subtitle(v)
find, alive_col = st.columns([3, 1], vertical_alignment="bottom")
search = search_text(find.text_input(t("groups.search", lang), key="group_search", max_chars=60,
                                     placeholder=t("groups.search_hint", lang)))
only_alive = alive_col.toggle(t("groups.only_alive", lang), value=False, key="alive_only")
selection = dict(policy=v.policy, month=v.month, region=None if v.region == "00" else v.region, search=search,
                 alive_only=only_alive or None, **v.filters.values())
first = cache.table(con, key, "groups_table", page_size=1, **selection)
total = int(first["groups_total"].iloc[0]) if not first.empty else 0
if total == 0:
    st.info(t("groups.none_found", lang) if search else t("common.empty", lang))
    st.stop()
pages = math.ceil(total / PAGE_SIZE)
page = st.number_input(t("groups.page", lang, pages=number(pages, lang)), 1, pages, 1, key="groups_page") \
    if pages > 1 else 1
groups = cache.table(con, key, "groups_table", page_size=PAGE_SIZE, page_offset=(page - 1) * PAGE_SIZE, **selection)
yes_no = {True: t("common.yes", lang), False: t("common.no", lang)}
st.caption(t("groups.caption", lang, groups=number(total, lang), first=number((page - 1) * PAGE_SIZE + 1, lang),
             last=number((page - 1) * PAGE_SIZE + len(groups), lang), period=period))
st.dataframe(pd.DataFrame({
    "ID": groups["kube_id"], t("column.group", lang): groups["name"], t("filter.regency", lang): groups["regency_name"],
    t("filter.commodity", lang): [commodity(c, lang) for c in groups["commodity"]],
    t("column.formed", lang): pd.to_datetime(groups["formed_on"]).dt.strftime("%Y-%m"),
    t("column.stage", lang): [group_stage(s, lang) for s in groups["stage"]],
    t("column.alive", lang): [yes_no.get(a, "–") if pd.notna(a) else "–" for a in groups["alive"]],
    t("column.active_members", lang): [number(x, lang) for x in groups["active_members"]],
    t("column.steady", lang): groups["share_steady"] * 100,
    t("column.profit_month", lang): [rupiah(x, lang) for x in groups["profit"]],
}), hide_index=True, width="stretch", height=320, column_config={t("column.steady", lang): percent_bar()})

label = dict(zip(groups["kube_id"], groups["name"] + " · " + groups["regency_name"] + " · ID " + groups["kube_id"].astype(str)))
chosen = st.selectbox(t("groups.pick", lang), groups["kube_id"].tolist(), key="group_pick",
                      format_func=lambda k: label[k])
members = cache.table(con, key, "group_member_trajectories", policy=v.policy, kube_id=int(chosen), month=v.month)
if members.empty:
    st.info(t("common.empty", lang))
else:
    # Unit-level (pseudonymous) data: the image can be downloaded, the rows cannot (disclosure control).
    chart(figures.member_trajectories(members, lang, t("groups.members_title", lang),
                                      view_subtitle(v, t("groups.members_subtitle", lang, period=period),
                                                    place=label[chosen])),
          None, f"anggota_kelompok_{chosen}", v, "members_chart")
    latest = members.sort_values("month").groupby("pseudonym").tail(1)
    st.dataframe(pd.DataFrame({
        t("column.member_pseudonym", lang): latest["pseudonym"],
        t("column.latest_month", lang): [fmt_month(m, lang, short=True) for m in latest["month"]],
        t("column.status", lang): [t(f"status.{STATUS_CODES[s]}", lang) for s in latest["status"]],
        t("column.per_capita", lang): [rupiah(x, lang) for x in latest["per_capita"]],
        t("column.line_per_capita", lang): [rupiah(x, lang) for x in latest["line_per_capita"]],
        t("column.pl_ratio", lang): [number(x, lang, 2) for x in latest["pl_ratio"]],
    }), hide_index=True, width="stretch")
    st.caption(t("groups.members_caption", lang) + " " + caption(v.policy, lang))
