"""Kelompok & Anggota (groups and members): a filterable table, one group's members against the line."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_export import chart
from analytics.app_frame import commodity_label, percent_bar, policy_caption
from analytics.charts import figures
from analytics.formatting import month as fmt_month, number, rupiah
from analytics.i18n import chooser, t
from analytics.metrics.policy import STATUS_CODES, STATUS_LABELS

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
period = fmt_month(v.month, lang)

st.title(t("page_groups", lang))
groups = app_cache.table(con, key, "groups_table", policy=v.policy, month=v.month,
                         region=None if v.region == "00" else v.region, **v.filters.values())
if groups.empty:
    st.info(t("empty", lang))
    st.stop()
only_alive = st.toggle(L("Hanya kelompok yang masih aktif", "Only groups still alive"), value=False, key="alive_only")
if only_alive:
    groups = groups[groups["alive"] == True]  # noqa: E712 (nullable column)
shown = pd.DataFrame({
    "ID": groups["kube_id"], L("Kelompok", "Group"): groups["name"], L("Kabupaten/kota", "Regency"): groups["regency_name"],
    L("Komoditas", "Commodity"): [commodity_label(c, lang) for c in groups["commodity"]],
    L("Dibentuk", "Formed"): pd.to_datetime(groups["formed_on"]).dt.strftime("%Y-%m"),
    L("Tahap", "Stage"): groups["stage"].fillna("–"),
    L("Aktif", "Alive"): groups["alive"].map({True: L("ya", "yes"), False: L("tidak", "no")}).fillna("–"),
    L("Anggota aktif", "Active members"): groups["active_members"],
    L("Stabil", "Steady"): groups["share_steady"] * 100,
    L("Laba bulan ini", "Profit this month"): [rupiah(x, lang) for x in groups["profit"]],
})
st.caption(L(f"{number(len(groups), lang)} kelompok (maks. 2.000 ditampilkan), keadaan {period}. Tahap: Tumbuh → Berkembang → Maju.",
             f"{number(len(groups), lang)} groups (at most 2,000 shown), as of {period}. Stage: Tumbuh → Berkembang → Maju."))
st.dataframe(shown, hide_index=True, width="stretch", height=320,
             column_config={L("Stabil", "Steady"): percent_bar()})

options = groups["kube_id"].tolist()
label = dict(zip(groups["kube_id"], groups["name"] + " · " + groups["regency_name"]))
chosen = st.selectbox(L("Lihat anggota kelompok", "See a group's members"), options, format_func=lambda k: label[k], key="group_pick")
members = app_cache.table(con, key, "group_member_trajectories", policy=v.policy, kube_id=int(chosen))
if members.empty:
    st.info(t("empty", lang))
else:
    # Unit-level (pseudonymous) data: the image can be downloaded, the rows cannot (disclosure control).
    chart(figures.member_trajectories(members, lang, L("Anggota terhadap garis kemiskinan", "Members against the poverty line"),
                                      f"{label[chosen]}; {L('nama samaran, tanpa NIK', 'pseudonyms, no NIK')}"),
          None, f"anggota_kelompok_{chosen}", v, "members_chart")
    latest = members.sort_values("month").groupby("pseudonym").tail(1)
    st.dataframe(pd.DataFrame({
        L("Anggota (samaran)", "Member (pseudonym)"): latest["pseudonym"],
        L("Bulan terakhir", "Latest month"): pd.to_datetime(latest["month"]).dt.strftime("%Y-%m"),
        L("Status", "Status"): [STATUS_LABELS[STATUS_CODES[s]][lang == "en"] for s in latest["status"]],
        L("Pendapatan per kapita", "Per-capita income"): [rupiah(x, lang) for x in latest["per_capita"]],
        L("Garis kemiskinan (per kapita)", "Poverty line (per capita)"): [rupiah(x, lang) for x in latest["line_per_capita"]],
    }), hide_index=True, width="stretch")
    st.caption(L("Rupiah per kapita per bulan. ", "Rupiah per capita per month. ") + policy_caption(v.policy, lang))
