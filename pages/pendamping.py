"""Pendamping (facilitators): groups and members per facilitator, completeness, progress, attention."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_frame import percent_bar, policy_caption
from analytics.formatting import month as fmt_month
from analytics.i18n import chooser, t

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
period = fmt_month(v.month, lang)

st.title(t("page_facilitators", lang))
fac = app_cache.facilitator_table(con, key, v.month, v.policy)
if v.region != "00":
    fac = fac[fac["regency_code"].str.startswith(v.region)]
if v.filters.facilitator is not None:
    fac = fac[fac["facilitator_id"] == v.filters.facilitator]
if fac.empty:
    st.info(t("empty", lang))
    st.stop()
fac = fac.assign(progress=fac["share_steady"] - fac["share_steady_12m_ago"],
                 dead_share=1 - fac["groups_alive"] / fac["groups"])
attention = (fac["completeness"] < 0.7) | (fac["progress"] < -0.05) | (fac["dead_share"] > 0.3)
fac = fac.assign(attention=attention)
cols = st.columns(3)
cols[0].metric(L("Pendamping", "Facilitators"), f"{len(fac):,}".replace(",", "."))
cols[1].metric(L("Perlu perhatian", "Need attention"), f"{int(attention.sum()):,}".replace(",", "."),
               help=L("Kelengkapan laporan < 70%, pangsa stabil turun > 5 poin dalam 12 bulan, atau > 30% kelompok tidak aktif.",
                      "Reporting completeness < 70%, steady share down > 5 points in 12 months, or > 30% of groups not alive."))
cols[2].metric(L("Median kelengkapan laporan", "Median reporting completeness"), f"{fac['completeness'].median() * 100:.0f}%")
show_all = st.toggle(L("Tampilkan semua (bukan hanya yang perlu perhatian)", "Show all (not only those needing attention)"),
                     value=False, key="fac_all")
shown = fac if show_all else fac[fac["attention"]]
st.dataframe(pd.DataFrame({
    L("Pendamping", "Facilitator"): shown["name"], L("Kabupaten/kota", "Regency"): shown["regency_name"],
    L("Kelompok", "Groups"): shown["groups"], L("Masih aktif", "Alive"): shown["groups_alive"],
    L("Anggota aktif", "Active members"): shown["active_members"],
    L("Kelengkapan laporan", "Completeness"): shown["completeness"] * 100,
    L("Stabil sekarang", "Steady now"): shown["share_steady"] * 100,
    L("Stabil 12 bulan lalu", "Steady 12 months ago"): shown["share_steady_12m_ago"] * 100,
    L("Perlu perhatian", "Needs attention"): shown["attention"],
}), hide_index=True, width="stretch", height=460, column_config={
    c: percent_bar()
    for c in (L("Kelengkapan laporan", "Completeness"), L("Stabil sekarang", "Steady now"),
              L("Stabil 12 bulan lalu", "Steady 12 months ago"))})
st.caption(L(f"Keadaan {period}. ", f"As of {period}. ") + policy_caption(v.policy, lang))
