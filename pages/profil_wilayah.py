"""Profil Wilayah (region profile): status over time, distribution by year, cohorts, groups, commodities."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_export import briefing_buttons, chart
from analytics.app_frame import commodity_label, percent_bar, policy_caption
from analytics.charts import figures
from analytics.formatting import month as fmt_month, percent
from analytics.i18n import chooser, t
from analytics.metrics.queries import level_of

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
place = app_cache.place_name(v)
period = fmt_month(v.month, lang)

st.title(f"{t('page_region', lang)}: {place}")
st.caption(L("Pilih provinsi atau kabupaten/kota di panel kiri.", "Choose a province or regency on the left."))
briefing_buttons(v, "briefing")
trend = app_cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
if trend.empty:
    st.info(t("empty", lang))
    st.stop()

left, right = st.columns(2)
with left:
    chart(figures.status_trend(trend, lang, L("Status pendapatan anggota aktif", "Income status of active members"),
                               f"{place}, {L('per bulan', 'monthly')}"), trend, "tren_status_wilayah", v, "region_trend",
          percent=tuple(c for c in trend if c.startswith("share_")))
with right:
    years = sorted({m.year for m in pd.to_datetime(trend["month"])})
    year = st.select_slider(L("Tahun distribusi", "Distribution year"), years, value=years[-1], key="dist_year")
    dist = app_cache.distribution(con, key, year, v.region, v.policy)
    if dist.empty:
        st.info(t("empty", lang))
    else:
        chart(figures.distribution(dist, lang, L("Sebaran pendapatan per kapita terhadap garis kemiskinan",
                                                 "Per-capita income relative to the poverty line"),
                                   f"{place}, {year}; {L('laporan bulanan anggota aktif', 'active members’ monthly reports')}"),
              dist, f"sebaran_pl_ratio_{year}", v, "region_dist")
st.caption(policy_caption(v.policy, lang) + " " + t("source_caption", lang, month=period))

cohorts = app_cache.table(con, key, "cohort_curves", policy=v.policy, region=None if v.region == "00" else v.region)
if not cohorts.empty:
    chart(figures.cohort_curves(cohorts, lang, L("Kurva angkatan: pendapatan menurut bulan sejak bergabung",
                                                 "Cohort curves: income by months since joining"),
                                f"{place}; {L('rata-rata rasio pendapatan per kapita terhadap garis kemiskinan', 'mean ratio of per-capita income to the poverty line')}"),
          cohorts, "kurva_angkatan", v, "cohorts")

st.subheader(L("Komoditas", "Commodities"))
commodities = app_cache.table(con, key, "region_commodities", policy=v.policy, month=v.month,
                              region=None if v.region == "00" else v.region)
if commodities.empty:
    st.info(t("empty", lang))
else:
    shown = pd.DataFrame({
        L("Komoditas", "Commodity"): [commodity_label(c, lang) for c in commodities["commodity"]],
        L("Kelompok", "Groups"): commodities["groups"],
        L("Masih aktif", "Still alive"): commodities["groups_alive"],
        L("Anggota aktif", "Active members"): commodities["active_members"],
        L("Berpendapatan stabil", "Steady income"): [percent(x, lang) for x in commodities["share_steady"]],
    })
    st.dataframe(shown, hide_index=True, width="stretch")
    st.caption(L(f"Kelompok yang dibentuk sampai {period}; masih aktif = ada laporan dalam 3 bulan terakhir.",
                 f"Groups formed up to {period}; still alive = a report in the last 3 months."))

st.subheader(L("Pendamping di wilayah ini", "Facilitators in this region"))
fac = app_cache.facilitator_table(con, key, v.month, v.policy)
if v.region != "00":
    fac = fac[fac["regency_code"].str.startswith(v.region)]
st.dataframe(fac.assign(share_steady=fac["share_steady"] * 100)
             [["name", "regency_name", "groups", "groups_alive", "active_members", "share_steady"]].rename(columns={
    "name": L("Nama", "Name"), "regency_name": L("Kabupaten/kota", "Regency"), "groups": L("Kelompok", "Groups"),
    "groups_alive": L("Masih aktif", "Alive"), "active_members": L("Anggota aktif", "Active members"),
    "share_steady": L("Stabil (%)", "Steady (%)")}), hide_index=True, width="stretch",
    column_config={L("Stabil (%)", "Steady (%)"): percent_bar()})
