"""Ringkasan (overview): headline figures with their 12-month change, trend, best and worst regions."""
import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month, number
from analytics.headline import MIN_RANKED, MIN_TO_RANK, best_and_worst, denominator, headline, ranked, shares_sentence
from analytics.i18n import t
from analytics.metrics.queries import level_of
from analytics.policy_text import caption, help_text, terms
from analytics.ui import cache
from analytics.ui.export import briefing_buttons, chart, view_subtitle

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
place = cache.place_name(v.region)

st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))
trend = cache.region_metrics(con, key, level_of(v.region), None, v.region, None, v.policy, v.filters)
now = headline(trend, v.month)
if now is None:
    st.info(t("common.empty", lang))
    st.stop()

period = fmt_month(v.month, lang)
st.subheader(view_subtitle(v, period))
briefing_buttons(v, "briefing")

groups = cache.map_values(con, key, level_of(v.region), v.month, None, v.policy, v.filters)
alive = groups.loc[groups["region_code"] == v.region, "groups_alive"] if v.region != "00" else groups["groups_alive"]
helps = {"active_members": t("overview.help_active", lang, **terms(v.policy, lang)), "share_steady": help_text("steady", v.policy, lang),
         "share_independent": help_text("independent", v.policy, lang), "exits_12m": t("overview.help_exits", lang)}
cols = st.columns(5)
for col, (metric, help_) in zip(cols, helps.items()):
    f = now.figure(metric, lang)
    col.metric(f.label, f.value, f.change, help=help_)
cols[4].metric(t("overview.groups_alive", lang), number(alive.sum(), lang), help=t("overview.help_groups_alive", lang, **terms(v.policy, lang)))
shares = shares_sentence(now.now, lang)
if shares:
    st.markdown(shares)
medians = now.medians(lang, period)
if medians:
    st.markdown(medians)
st.caption(caption(v.policy, lang) + " " + t("common.source_caption", lang, month=period))

left, right = st.columns([3, 2])
with left:
    fig = figures.status_trend(trend, lang, t("chart.status_title", lang),
                               view_subtitle(v, t("common.monthly_to", lang, period=period), denominator(now.now, lang)))
    chart(fig, trend, "tren_status", v, "trend", percent=tuple(c for c in trend if c.startswith("share_")))
with right:
    # the regions below the view (provinces of the nation, regencies of a province) or, for a
    # regency, the other regencies of its province with the chosen one marked
    level = "provinsi" if v.region == "00" else "kabupaten"
    parent = None if v.region == "00" else v.region[:2]
    ranking = ranked(cache.region_metrics(con, key, level, v.month, None, parent, v.policy, v.filters))
    if v.regency:
        shown, title = ranking, t("overview.ranking_regency_title", lang, province=cache.place_name(v.region[:2]))
    else:
        best, worst = best_and_worst(ranking, 5)
        shown, title = pd.concat([best, worst]), t("overview.ranking_title", lang)
    if shown.empty:
        st.info(t("overview.ranking_too_few", lang, n=MIN_TO_RANK, members=MIN_RANKED))
    else:
        fig = figures.ranking(shown, "share_steady", lang, title,
                              view_subtitle(v, period, t("overview.ranking_rule", lang, n=MIN_RANKED),
                                            place=cache.place_name(parent or "00")),
                              t("unit.share_active", lang), highlight=v.regency)
        chart(fig, shown[["region_code", "name", "active_members", "share_steady"]], "peringkat_stabil", v,
              "ranking", percent=("share_steady",))

head = cache.headline_counts(con, key)     # since the programme began, in the caller's scope
st.caption(t("overview.since_start", lang, members=number(head.members, lang), groups=number(head.groups, lang),
             facilitators=number(head.facilitators, lang), provinces=head.provinces_covered,
             regencies=head.regencies_covered, month=fmt_month(head.latest_month, lang)))
