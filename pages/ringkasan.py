"""Ringkasan (overview): headline figures with their 12-month change, trend, best and worst provinces."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_export import briefing_buttons, chart
from analytics.app_frame import policy_caption
from analytics.charts import figures
from analytics.disclosure import LABEL
from analytics.formatting import change, month as fmt_month, number, percent
from analytics.i18n import chooser, t
from analytics.metrics.queries import level_of

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
place = app_cache.place_name(v)

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
trend = app_cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
if trend.empty or v.month is None:
    st.info(t("empty", lang))
    st.stop()
trend = trend.set_index("month")
now_ts = pd.Timestamp(v.month)
before_ts = now_ts - pd.DateOffset(months=12)
now = trend.loc[now_ts] if now_ts in trend.index else None
before = trend.loc[before_ts] if before_ts in trend.index else None
if now is None:
    st.info(t("empty", lang))
    st.stop()

period = fmt_month(v.month, lang)
st.subheader(f"{place} · {period}")
briefing_buttons(v, "briefing")


def delta(column: str, as_share: bool = True) -> str | None:
    text = change(now[column], None if before is None else before[column], lang, points=as_share)
    return text and text + L(" vs 12 bulan lalu", " vs 12 months ago")


groups = app_cache.map_values(con, key, "nasional" if v.region == "00" else level_of(v.region), v.month,
                              None, v.policy, v.filters)
alive = groups.loc[groups["region_code"] == v.region, "groups_alive"] if v.region != "00" else groups["groups_alive"]
cols = st.columns(5)
hidden = bool(now.get("suppressed", False))   # fewer than 5 members: figures suppressed
cols[0].metric(L("Rumah tangga aktif", "Active households"), LABEL if hidden else number(now["active_members"], lang),
               delta("active_members", False), help=L("Bergabung, belum keluar, melapor dalam 3 bulan terakhir.",
                                                      "Joined, not exited, reported in the last 3 months."))
cols[1].metric(L("Berpendapatan stabil", "With a steady income"), percent(now["share_steady"], lang), delta("share_steady"),
               help=L("6 bulan berturut-turut dilaporkan, semua ≥ garis kemiskinan, KV ≤ 0,30 (termasuk Mandiri).",
                      "6 consecutive months reported, all ≥ poverty line, CV ≤ 0.30 (Independent included)."))
cols[2].metric(L("Mandiri", "Independent"), percent(now["share_independent"], lang), delta("share_independent"),
               help=L("Stabil 12 bulan dan rata-rata pendapatan rumah tangga ≥ UMP provinsi.",
                      "Steady for 12 months and mean household income ≥ provincial minimum wage."))
cols[3].metric(L("Keluar miskin, 12 bln", "Left poverty, 12 mo"), number(now["exits_12m"], lang),
               delta("exits_12m", False), help=L("Miskin 12 bulan lalu, tidak miskin sekarang (anggota).",
                                                 "Poor 12 months ago, not poor now (members)."))
cols[4].metric(L("Kelompok masih aktif", "Groups still alive"), number(alive.sum(), lang),
               help=L("Ada laporan anggota atau usaha dalam 3 bulan terakhir.", "A member or business report in the last 3 months."))
st.caption(policy_caption(v.policy, lang) + " " + t("source_caption", lang, month=period))

left, right = st.columns([3, 2])
with left:
    fig = figures.status_trend(trend.reset_index(), lang, L("Status pendapatan anggota aktif", "Income status of active members"),
                               f"{place}, {L('per bulan', 'monthly')}")
    chart(fig, trend.reset_index(), "tren_status", v, "trend", percent=tuple(c for c in trend if c.startswith("share_")))
with right:
    if v.region == "00" or len(v.region) == 2:
        level = "provinsi" if v.region == "00" else "kabupaten"
        parent = None if v.region == "00" else v.region
        ranked = app_cache.region_metrics(con, key, level, v.month, None, parent, v.policy, v.filters)
        ranked = ranked[ranked["active_members"] >= 30].sort_values("share_steady", ascending=False)
        if len(ranked) >= 2:
            best, worst = ranked.head(5), ranked.tail(5).iloc[::-1]
            shown = pd.concat([best, worst]).drop_duplicates("region_code")
            fig = figures.ranking(shown, "share_steady", lang, L("Tertinggi dan terendah: berpendapatan stabil",
                                  "Highest and lowest: steady income"),
                                  f"{period}; {L('wilayah dengan ≥ 30 anggota aktif', 'regions with ≥ 30 active members')}",
                                  L("% anggota aktif", "% of active members"))
            chart(fig, shown[["region_code", "name", "active_members", "share_steady"]], "peringkat_stabil", v, "ranking",
                  percent=("share_steady",))

head = app_cache.headline_counts(con, key)
st.caption(L(f"Sejak awal program: {number(head.members, lang)} anggota terdaftar, {number(head.groups, lang)} kelompok, "
             f"{number(head.facilitators, lang)} pendamping di {head.provinces_covered} provinsi dan "
             f"{head.regencies_covered} kabupaten/kota; data sampai {fmt_month(head.latest_month, lang)}.",
             f"Since the programme began: {number(head.members, lang)} registered members, {number(head.groups, lang)} groups, "
             f"{number(head.facilitators, lang)} facilitators in {head.provinces_covered} provinces and "
             f"{head.regencies_covered} regencies; data as of {fmt_month(head.latest_month, lang)}."))
