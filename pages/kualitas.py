"""Kualitas Data (data quality): completeness by region, facilitator and month; silent groups;
outliers; rejected rows by reason; the last import per region."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import app_cache
from analytics.app_export import chart
from analytics.app_frame import percent_bar
from analytics.charts.style import ACCENT, apply
from analytics.disclosure import LABEL
from analytics.formatting import month as fmt_month, number, rupiah
from analytics.i18n import chooser, t
from analytics.metrics.queries import level_of

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
place = app_cache.place_name(v)
period = fmt_month(v.month, lang)
region = None if v.region == "00" else v.region

st.title(t("page_quality", lang))
st.caption(L(f"{place}, {period}. Kelengkapan = anggota aktif yang melapor bulan itu ÷ anggota aktif.",
             f"{place}, {period}. Completeness = active members who reported that month ÷ active members."))

# Completeness by month (the selected region).
trend = app_cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
if trend.empty:
    st.info(t("empty", lang))
    st.stop()
fig = go.Figure(go.Scatter(x=trend["month"], y=trend["completeness"] * 100, mode="lines", line=dict(color=ACCENT),
                           hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra></extra>"))
fig.update_yaxes(title=L("% anggota melapor", "% reporting"), range=[0, 100], ticksuffix="%")
fig.update_xaxes(title=L("Bulan", "Month"))
apply(fig, L("Kelengkapan laporan per bulan", "Reporting completeness by month"), f"{place}", height=320)
chart(fig, trend[["month", "active_members", "completeness"]], "kelengkapan_bulanan", v, "quality_trend",
      percent=("completeness",))
st.caption(L("Dua bulan terakhir biasanya belum lengkap: laporan terlambat masih masuk.",
             "The last two months are usually incomplete: late reports are still arriving."))

left, right = st.columns(2)
with left:
    st.subheader(L("Menurut wilayah", "By region"))
    level = "provinsi" if v.region == "00" else "kabupaten"
    regions = app_cache.region_metrics(con, key, level, v.month, None, None if v.region == "00" else v.region[:2],
                                       v.policy, v.filters).sort_values("completeness")
    st.dataframe(pd.DataFrame({
        L("Wilayah", "Region"): regions["name"],
        L("Anggota aktif", "Active members"): [LABEL if s else number(a, lang)
                                              for a, s in zip(regions["active_members"], regions["suppressed"])],
        L("Kelengkapan", "Completeness"): regions["completeness"] * 100,
    }), column_config={L("Kelengkapan", "Completeness"): percent_bar()}, hide_index=True, width="stretch", height=360)
with right:
    st.subheader(L("Menurut pendamping", "By facilitator"))
    fac = app_cache.facilitator_table(con, key, v.month, v.policy)
    if region:
        fac = fac[fac["regency_code"].str.startswith(region)]
    fac = fac.sort_values("completeness")
    st.dataframe(pd.DataFrame({
        L("Pendamping", "Facilitator"): fac["name"], L("Kabupaten/kota", "Regency"): fac["regency_name"],
        L("Kelompok", "Groups"): fac["groups"], L("Kelengkapan", "Completeness"): fac["completeness"] * 100,
    }), column_config={L("Kelengkapan", "Completeness"): percent_bar()}, hide_index=True, width="stretch", height=360)

st.subheader(L("Kelompok yang diam 3 bulan atau lebih", "Groups silent for 3 months or more"))
silent = app_cache.table(con, key, "silent_groups", month=v.month, region=region, facilitator=v.filters.facilitator)
if silent.empty:
    st.success(L("Tidak ada.", "None."))
else:
    st.caption(L(f"{len(silent)} kelompok tanpa laporan anggota atau usaha sejak 3 bulan atau lebih sebelum {period}.",
                 f"{len(silent)} groups with no member or business report for 3 months or more before {period}."))
    st.dataframe(pd.DataFrame({
        "KUBE": silent["name"], L("Kabupaten/kota", "Regency"): silent["regency_name"],
        L("Pendamping", "Facilitator"): silent["facilitator_name"],
        L("Laporan terakhir", "Last report"): [fmt_month(m, lang) if pd.notna(m) else L("belum pernah", "never")
                                               for m in silent["last_report"]],
        L("Bulan tanpa laporan", "Months silent"): silent["months_silent"],
    }), hide_index=True, width="stretch", height=300)

st.subheader(L("Nilai tidak wajar (12 bulan terakhir)", "Implausible values (last 12 months)"))
outliers = app_cache.table(con, key, "outlier_reports", month=v.month, region=region)
if outliers.empty:
    st.success(L("Tidak ada.", "None."))
else:
    st.caption(L("Laporan lebih dari 8 kali di atas atau di bawah median anggota itu sendiri: disimpan, tidak dihitung "
                 "dalam indikator, perlu diperiksa pendamping.",
                 "Reports more than 8 times above or below the member's own median: stored, left out of the figures, "
                 "to be checked by the facilitator."))
    st.dataframe(pd.DataFrame({
        L("Bulan", "Month"): [fmt_month(m, lang) for m in outliers["month"]],
        L("Kabupaten/kota", "Regency"): outliers["regency_name"], L("Anggota", "Member"): outliers["pseudonym"],
        L("Dilaporkan", "Reported"): [rupiah(x, lang) for x in outliers["income_rupiah"]],
        L("Median anggota", "Member's median"): [rupiah(x, lang) for x in outliers["member_median_rupiah"]],
    }), hide_index=True, width="stretch", height=300)

left, right = st.columns(2)
with left:
    st.subheader(L("Baris ditolak menurut alasan", "Rejected rows by reason"))
    rejected = app_cache.table(con, key, "rejections_by_reason")
    if rejected.empty:
        st.info(L("Belum ada impor yang ditolak.", "No import has been refused yet."))
    else:
        st.dataframe(pd.DataFrame({
            L("Jenis", "Kind"): rejected["kind"], L("Kolom", "Column"): rejected["column_name"],
            L("Alasan", "Reason"): rejected["reason"], L("Baris", "Rows"): rejected["rows"],
            L("File", "Files"): rejected["files"],
        }), hide_index=True, width="stretch")
with right:
    st.subheader(L("Impor terakhir per wilayah", "Last import per region"))
    last = app_cache.table(con, key, "last_import_by_region", region=region)
    if last.empty:
        st.info(L("Belum ada impor tersimpan untuk wilayah ini (data demo dibuat oleh generator).",
                  "No stored import for this region yet (the demo data come from the generator)."))
    else:
        st.dataframe(pd.DataFrame({
            L("Kabupaten/kota", "Regency"): last["regency_name"], L("Jenis", "Kind"): last["kind"],
            L("File", "File"): last["file_name"], L("Terakhir", "Last"): last["last_import"],
            L("Baris (total)", "Rows (all time)"): last["rows_all_time"],
        }), hide_index=True, width="stretch")
