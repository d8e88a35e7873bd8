"""Profil Wilayah (region profile): status over time, distribution by year, cohorts, groups, commodities."""
import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month, percent
from analytics.i18n import t
from analytics.headline import denominator, headline, shares_sentence
from analytics.metrics.queries import level_of
from analytics.policy_text import caption, terms
from analytics.reference_names import commodity
from analytics.ui import cache
from analytics.ui.export import briefing_buttons, chart, page_subtitle, view_subtitle
from analytics.ui.frame import percent_bar
from analytics.ui.state import choose

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
place = cache.place_name(v.region)
period = fmt_month(v.month, lang)
region = None if v.region == "00" else v.region

st.title(f"{t('page.region', lang)}: {place}")
page_subtitle(v)
st.caption(t("region.choose", lang))
briefing_buttons(v, "briefing")
trend = cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
if trend.empty:
    st.info(t("common.empty", lang))
    st.stop()

now = headline(trend, v.month)
if now is not None:
    for line in (now.medians(lang, period), shares_sentence(now.now, lang)):
        if line:
            st.markdown(line)
left, right = st.columns(2)
with left:
    chart(figures.status_trend(trend, lang, t("chart.status_title", lang),
                               view_subtitle(v, t("common.monthly_to", lang, period=period),
                                             now and denominator(now.now, lang))),
          trend, "tren_status_wilayah", v, "region_trend", percent=tuple(c for c in trend if c.startswith("share_")))
with right:
    years = sorted({m.year for m in pd.to_datetime(trend["month"])})
    year = choose(st.select_slider, t("region.distribution_year", lang), years, name="distribution_year", lang=lang,
                  default=years[-1])
    dist = cache.distribution(con, key, year, v.region, v.policy)
    if dist.empty:
        st.info(t("common.empty", lang))
    else:
        chart(figures.distribution(dist, lang, t("region.distribution_title", lang),
                                   t("region.distribution_subtitle", lang, place=place, year=year)),
              dist, f"sebaran_pl_ratio_{year}", v, "region_dist")
        if v.filters.active():
            st.caption(t("region.distribution_unfiltered", lang))
st.caption(caption(v.policy, lang) + " " + t("common.source_caption", lang, month=period))

cohorts = cache.table(con, key, "cohort_curves", policy=v.policy, region=region, **v.filters.values())
if not cohorts.empty:
    chart(figures.cohort_curves(cohorts, lang, t("region.cohorts_title", lang),
                                view_subtitle(v, t("region.cohorts_subtitle", lang))),
          cohorts, "kurva_angkatan", v, "cohorts")

st.subheader(t("region.commodities", lang))
commodities = cache.table(con, key, "region_commodities", policy=v.policy, month=v.month, region=region,
                          **v.filters.values())
if commodities.empty:
    st.info(t("common.empty", lang))
else:
    st.dataframe(pd.DataFrame({
        t("filter.commodity", lang): [commodity(c, lang) for c in commodities["commodity"]],
        t("column.groups", lang): commodities["groups"],
        t("column.groups_alive", lang): commodities["groups_alive"],
        t("column.active_members", lang): commodities["active_members"],
        t("column.share_steady", lang): [percent(x, lang) for x in commodities["share_steady"]],
    }), hide_index=True, width="stretch")
    st.caption(t("region.commodities_caption", lang, period=period, **terms(v.policy, lang)))

st.subheader(t("region.facilitators", lang))
fac = cache.facilitator_table(con, key, v.month, v.policy, v.region, v.filters.facilitator)
st.dataframe(pd.DataFrame({
    t("column.name", lang): fac["name"], t("filter.regency", lang): fac["regency_name"],
    t("column.groups", lang): fac["groups"], t("column.groups_alive", lang): fac["groups_alive"],
    t("column.active_members", lang): fac["active_members"],
    t("column.steady_pct", lang): fac["share_steady"] * 100,
}), hide_index=True, width="stretch", column_config={t("column.steady_pct", lang): percent_bar()})
if v.filters.commodity or v.filters.chain is not None or v.filters.cohort is not None:
    st.caption(t("facilitators.all_groups", lang))
