"""Bandingkan Wilayah (compare regions): 2-4 provinces or regencies side by side, on shared axes."""
import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month, number
from analytics.headline import headline
from analytics.i18n import t
from analytics.metrics.queries import level_of
from analytics.policy_text import caption
from analytics.urlstate import MAX_COMPARED
from analytics.ui import cache
from analytics.ui.export import chart, page_subtitle, view_subtitle
from analytics.ui.state import choose_many

FIGURES = ("active_members", "share_steady", "share_independent", "share_poor", "exits_12m")

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
names = cache.choices(con, key)
period = fmt_month(v.month, lang)
everywhere = {**names.provinces, **names.regencies}

st.title(t("page.compare", lang))
page_subtitle(v)
chosen = choose_many(t("compare.choose", lang, n=MAX_COMPARED), list(everywhere), name="compare", lang=lang,
                     format_func=lambda c: everywhere[c], max_selections=MAX_COMPARED,
                     placeholder=t("compare.placeholder", lang))
if len(chosen) < 2:
    st.info(t("compare.need_two", lang))
    st.stop()

trends = pd.concat([cache.region_metrics(con, key, level_of(code), None, code, None, v.policy, v.filters)
                    for code in chosen], ignore_index=True)
rows = []
for code in chosen:
    now = headline(trends[trends["region_code"] == code], v.month)
    cells = {t("column.region", lang): everywhere[code]}
    for metric in FIGURES:
        f = now.figure(metric, lang) if now is not None else None
        cells[t(f"headline.{metric}", lang)] = f.value if f else "–"
        if f and f.delta and metric.startswith("share_"):
            cells[t(f"headline.{metric}", lang)] += f" ({f.delta})"
    rows.append(cells)
st.subheader(t("compare.headlines", lang, period=period))
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
st.caption(caption(v.policy, lang))

subtitle = view_subtitle(v, t("common.monthly_to", lang, period=period), place=t("compare.regions", lang))
left, right = st.columns(2)
with left:
    chart(figures.compare_lines(trends, "share_steady", lang, t("metric.share_steady", lang), subtitle,
                                t("unit.share_active", lang)),
          trends[["region_code", "name", "month", "active_members", "share_steady"]], "banding_stabil", v,
          "compare_steady", percent=("share_steady",))
with right:
    chart(figures.compare_lines(trends, "share_poor", lang, t("metric.share_poor", lang), subtitle,
                                t("unit.share_active", lang)),
          trends[["region_code", "name", "month", "active_members", "share_poor"]], "banding_miskin", v,
          "compare_poor", percent=("share_poor",))

year = v.month.year
dists = []
for code in chosen:
    dist = cache.distribution(con, key, year, code, v.policy)
    if not dist.empty:
        dists.append(dist.assign(region_code=code, name=everywhere[code]))
if dists:
    dist = pd.concat(dists, ignore_index=True)
    chart(figures.compare_distributions(dist, lang, t("region.distribution_title", lang),
                                        t("compare.distribution_subtitle", lang, year=year)),
          dist, f"banding_sebaran_{year}", v, "compare_dist")
    if v.filters.active():
        st.caption(t("region.distribution_unfiltered", lang))
now = trends[pd.to_datetime(trends["month"]) == pd.Timestamp(v.month)].set_index("region_code")["active_members"]
members = ", ".join(f"{everywhere[c]} {number(now.get(c), lang)}" for c in chosen)
st.caption(t("common.source_caption", lang, month=period) + " " + t("compare.members", lang, members=members))
