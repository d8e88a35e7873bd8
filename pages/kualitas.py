"""Kualitas Data (data quality): completeness by region, facilitator and month; silent groups;
outliers; rejected rows by reason; the last import per region."""
import pandas as pd
import streamlit as st

from analytics.access.roles import Permission
from analytics.charts import figures
from analytics.disclosure import LABEL
from analytics.formatting import month as fmt_month, number, percent, rupiah
from analytics.i18n import t
from analytics.metrics.queries import level_of
from analytics.policy_text import terms
from analytics.ui import auth, cache, jobs
from analytics.ui.export import chart, page_subtitle, view_subtitle
from analytics.ui.frame import percent_bar

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)
region = None if v.region == "00" else v.region

st.title(t("page.quality", lang))
page_subtitle(v)
st.caption(t("quality.intro", lang))

# Completeness by month (the selected region).
trend = cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
if trend.empty:
    st.info(t("common.empty", lang))
    st.stop()
fig = figures.completeness_trend(trend, lang, t("quality.completeness_title", lang),
                                 view_subtitle(v, t("common.monthly_to", lang, period=period)))
chart(fig, trend[["month", "active_members", "completeness"]], "kelengkapan_bulanan", v, "quality_trend",
      percent=("completeness",))
st.caption(t("quality.late_reports", lang))

# Which months are complete (nationally): the figures end at the latest complete one.
months_done = cache.completeness_by_month(con, key, v.policy).tail(6).iloc[::-1]
if not months_done.empty:
    st.subheader(t("quality.months_title", lang))
    st.caption(t("quality.months_caption", lang, threshold=percent(v.policy.completeness_threshold, lang, 0)))
    st.dataframe(pd.DataFrame({
        t("chart.month", lang): [fmt_month(m, lang) for m in months_done["month"]],
        t("column.reported_members", lang): [number(x, lang) for x in months_done["reported_members"]],
        t("column.expected_members", lang): [number(x, lang) for x in months_done["expected_members"]],
        t("column.month_completeness", lang): months_done["month_completeness"].fillna(1.0) * 100,
        t("column.month_state", lang): [t("quality.month_provisional" if p else
                                          ("quality.month_complete" if c else "quality.month_partial"), lang)
                                        for p, c in zip(months_done["provisional"], months_done["complete"])],
    }), column_config={t("column.month_completeness", lang): percent_bar()}, hide_index=True, width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(t("quality.by_region", lang))
    level = "provinsi" if v.region == "00" else "kabupaten"
    regions = cache.region_metrics(con, key, level, v.month, None, None if v.region == "00" else v.region[:2],
                                   v.policy, v.filters).sort_values("completeness")
    st.dataframe(pd.DataFrame({
        t("column.region", lang): regions["name"],
        t("column.active_members", lang): [LABEL if s else number(a, lang)
                                           for a, s in zip(regions["active_members"], regions["suppressed"])],
        t("column.completeness", lang): regions["completeness"] * 100,
    }), column_config={t("column.completeness", lang): percent_bar()}, hide_index=True, width="stretch", height=360)
with right:
    st.subheader(t("quality.by_facilitator", lang))
    fac = cache.facilitator_table(con, key, v.month, v.policy, v.region, v.filters.facilitator
                                  ).sort_values("completeness")
    st.dataframe(pd.DataFrame({
        t("filter.facilitator", lang): fac["name"], t("filter.regency", lang): fac["regency_name"],
        t("column.groups", lang): fac["groups"], t("column.completeness", lang): fac["completeness"] * 100,
    }), column_config={t("column.completeness", lang): percent_bar()}, hide_index=True, width="stretch", height=360)
    if v.filters.commodity or v.filters.chain is not None or v.filters.cohort is not None:
        st.caption(t("facilitators.all_groups", lang))

st.subheader(t("quality.silent_title", lang))
silent = cache.table(con, key, "silent_groups", month=v.month, region=region, **v.filters.values())
if silent.empty:
    st.success(t("common.none", lang))
else:
    st.caption(t("quality.silent_caption", lang, groups=number(len(silent), lang), period=period))
    st.dataframe(pd.DataFrame({
        "KUBE": silent["name"], t("filter.regency", lang): silent["regency_name"],
        t("filter.facilitator", lang): silent["facilitator_name"],
        t("column.last_report", lang): [fmt_month(m, lang) if pd.notna(m) else t("common.never", lang)
                                        for m in silent["last_report"]],
        t("column.months_silent", lang): silent["months_silent"],
    }), hide_index=True, width="stretch", height=300)

OUTLIER_LIST_LIMIT = 2000      # outlier_reports.sql's LIMIT


def confirm_outlier(open_reports: pd.DataFrame) -> None:
    """An operator confirms one left-out report as genuine (a writer job): it counts from then on.
    A wrong report is corrected by importing the right amount instead."""
    jobs.confirm_status(cache.database_path(), lang)
    if open_reports.empty:
        return
    rows = {f"{r.member_id}|{r.month:%Y-%m-%d}|{int(r.income_rupiah)}":
            f"{fmt_month(r.month, lang)} · {r.pseudonym} · {rupiah(r.income_rupiah, lang)}"
            for r in open_reports.itertuples()}
    with st.form("confirm_outlier", border=True):
        st.markdown(t("quality.confirm_heading", lang))
        chosen = st.selectbox(t("quality.confirm_report", lang), list(rows), format_func=rows.get)
        who = st.text_input(t("quality.confirm_by", lang), value=auth.current().name, max_chars=80)
        if st.form_submit_button(t("quality.confirm_button", lang)):
            if not who.strip():
                st.warning(t("quality.confirm_needs_name", lang))
            else:
                member_id, month, amount = chosen.split("|")
                jobs.submit_confirm(cache.database_path(), int(member_id), month, int(amount), who.strip())
                st.rerun()


st.subheader(t("quality.outliers_title", lang))
outliers = cache.table(con, key, "outlier_reports", month=v.month, region=region, **v.filters.values())
if outliers.empty:
    st.success(t("common.none", lang))
else:
    st.caption(t("quality.outliers_caption", lang, **terms(v.policy, lang)))
    st.dataframe(pd.DataFrame({
        t("chart.month", lang): [fmt_month(m, lang) for m in outliers["month"]],
        t("filter.regency", lang): outliers["regency_name"], t("column.member", lang): outliers["pseudonym"],
        t("column.reported", lang): [rupiah(x, lang) for x in outliers["income_rupiah"]],
        t("column.member_median", lang): [rupiah(x, lang) for x in outliers["member_median_rupiah"]],
        t("column.outlier_state", lang): [t("quality.state_confirmed", lang, by=b) if c else t("quality.state_left_out", lang)
                                          for c, b in zip(outliers["confirmed"], outliers["confirmed_by"])],
    }), hide_index=True, width="stretch", height=300)
    if len(outliers) >= OUTLIER_LIST_LIMIT:
        st.caption(t("quality.outliers_limited", lang, n=number(OUTLIER_LIST_LIMIT, lang)))
    if auth.can(Permission.IMPORT):            # a change to which reports count
        confirm_outlier(outliers[~outliers["confirmed"].astype(bool)])

left, right = st.columns(2)
with left:
    st.subheader(t("quality.rejected_title", lang))
    rejected = cache.table(con, key, "rejections_by_reason")
    if rejected.empty:
        st.info(t("quality.no_rejections", lang))
    else:
        st.dataframe(pd.DataFrame({
            t("column.kind", lang): [t(f"import.kind.{k}", lang) for k in rejected["kind"]],
            t("column.column", lang): rejected["column_name"],
            t("column.reason", lang): rejected["reason"], t("column.rows", lang): rejected["rows"],
            t("column.files", lang): rejected["files"],
        }), hide_index=True, width="stretch")
with right:
    st.subheader(t("quality.last_import_title", lang))
    last = cache.table(con, key, "last_import_by_region", region=region)
    if last.empty:
        st.info(t("quality.no_imports", lang))
    else:
        st.dataframe(pd.DataFrame({
            t("filter.regency", lang): last["regency_name"],
            t("column.kind", lang): [t(f"import.kind.{k}", lang) for k in last["kind"]],
            t("column.file", lang): last["file_name"], t("column.last", lang): last["last_import"],
            t("column.rows_all_time", lang): last["rows_all_time"],
        }), hide_index=True, width="stretch")
