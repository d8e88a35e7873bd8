"""Peta (map): a figure or its 12-month change by province; a click on a province shows its regencies,
a click on a regency selects it (sidebar and link), with level and change in the side panel."""
import streamlit as st

from analytics.changes import twelve_months_before
from analytics.charts.maps import metric_label, metric_unit
from analytics.formatting import change, metric_value, month as fmt_month, number
from analytics.geo.layers import BoundariesMissing, layer
from analytics.headline import medians, shares_sentence
from analytics.i18n import t
from analytics.policy_text import caption
from analytics.urlstate import DEFAULT_INDICATOR
from analytics.ui import cache, errors, state
from analytics.ui.export import view_subtitle
from analytics.ui.frame import MAP_INDICATORS
from analytics.ui.map import map_chart
from analytics.ui.state import choose

SIDE = ("active_members", "share_steady", "share_independent", "share_poor", "exit_rate_12m", "median_pl_ratio",
        "completeness")
WITH_CHANGE = {"share_steady", "share_independent", "share_poor"}

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
names = cache.choices(con, key)
province = v.province
level = "kabupaten" if province else "provinsi"
period = fmt_month(v.month, lang)

head, pick = st.columns([2, 3], vertical_alignment="bottom")
head.title(t("page.map", lang))
with pick:
    metric = choose(st.selectbox, t("map.indicator", lang), MAP_INDICATORS, name="indicator", lang=lang,
                    default=DEFAULT_INDICATOR, format_func=lambda m: metric_label(m, lang))
try:
    layer("provinsi")
except BoundariesMissing:
    st.warning(t("map.no_boundaries", lang))
    st.stop()

values = cache.map_values(con, key, level, v.month, province, v.policy, v.filters)


def show_province(code: str | None) -> None:
    """Drill down (or back): the province filter is the state, in the sidebar and the link."""
    state.update(province=code, regency=None, facilitator=None)


def on_click(clicked: str) -> None:
    if clicked in names.provinces and not province:
        show_province(clicked)
    elif clicked in names.regencies and clicked.startswith(f"{province}."):
        state.update(regency=None if clicked == v.regency else clicked)     # a second click clears it


map_col, side = st.columns([3, 1])
with map_col:
    with st.container():     # always there, so the map below keeps its place (and its state) in the page
        if province:
            st.button(t("map.back", lang), key="map_back", on_click=errors.callback(show_province), args=(None,))
        if values.empty or values[metric].notna().sum() == 0:
            st.info(t("common.empty", lang))
    place = cache.place_name(province or "00")
    fig = cache.map_figure(con, key, level, v.month, province, v.policy, v.filters, metric, lang,
                           metric_label(metric, lang), view_subtitle(v, period, place=place))
    map_chart(fig, values, f"peta_{metric}_{province or 'indonesia'}", v, "map", on_click,
              percent=tuple(c for c in values if c.startswith("share_") and not c.endswith("_change")))
    st.caption(t("map.caption", lang) + " " + caption(v.policy, lang) + " "
               + t("common.source_caption", lang, month=period))

with side:
    region = v.region
    side_level = "kabupaten" if v.regency else ("provinsi" if province else "nasional")
    row = cache.region_metrics(con, key, side_level, v.month, region, None, v.policy, v.filters)
    earlier = cache.region_metrics(con, key, side_level, twelve_months_before(v.month), region, None, v.policy,
                                   v.filters)
    st.subheader(cache.place_name(region))
    st.caption(period if region == "00" else f"{region} · {period}")
    if row.empty:
        st.info(t("common.empty", lang))
    else:
        r = row.iloc[0]
        before = None if earlier.empty else earlier.iloc[0]
        for m in SIDE:
            delta = change(r[m], before[m], lang, points=True) if m in WITH_CHANGE and before is not None else None
            st.metric(metric_label(m, lang), metric_value(metric_unit(m), r[m], lang),
                      delta and t("headline.vs_12m", lang, change=delta),
                      delta_color="inverse" if m == "share_poor" else "normal")
        for line in (shares_sentence(r, lang), medians(r, lang, period)):
            if line:
                st.caption(line)
        if r["fallback_line_members"] > 0:
            st.caption(t("map.fallback_line", lang, members=number(r["fallback_line_members"], lang)))
