"""Rantai Nilai & Pasar (value chains and markets): chain stages, demand vs supply, channels."""
import pandas as pd
import streamlit as st

from analytics.charts import figures
from analytics.formatting import month as fmt_month
from analytics.i18n import t
from analytics.reference_names import term
from analytics.ui import cache
from analytics.ui.export import chart, page_subtitle, view_subtitle

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
period = fmt_month(v.month, lang)

region = None if v.region == "00" else v.region
st.title(t("page.chains", lang))
page_subtitle(v)
st.caption(t("chains.intro", lang))
flows = cache.table(con, key, "chain_flows", month=v.month, region=region, **v.filters.values())
if flows.empty:
    st.info(t("chains.none_here", lang))
else:
    for chain_id, chain in flows.groupby("chain_id"):
        chart(figures.chain_sankey(chain, lang, term(chain["chain_name"].iloc[0], lang),
                                   view_subtitle(v, t("chains.sankey_subtitle", lang, period=period))),
              chain, f"rantai_nilai_{chain_id}", v, f"sankey_{chain_id}",
              rupiah=tuple(c for c in chain if "rupiah" in c or c == "value"))

left, right = st.columns(2)
with left:
    demand = cache.table(con, key, "demand_supply", month=v.month, region=region, **v.filters.values())
    if demand.empty:
        st.info(t("common.empty", lang))
    else:
        chart(figures.demand_supply(demand, lang, t("chains.demand_title", lang),
                                    view_subtitle(v, t("chains.demand_subtitle", lang, period=period))),
              demand, "permintaan_pasokan", v, "demand", rupiah=tuple(c for c in demand if "rupiah" in c))
        st.caption(t("chains.demand_note", lang))
with right:
    channels = cache.table(con, key, "sales_by_channel", region=region, **v.filters.values())
    if channels.empty:
        st.info(t("common.empty", lang))
    else:
        channels = channels[pd.to_datetime(channels["month"]) <= pd.Timestamp(v.month)]
        chart(figures.channel_area(channels, lang, t("chains.channels_title", lang),
                                   view_subtitle(v, t("common.monthly_to", lang, period=period))),
              channels, "penjualan_saluran", v,
              "channels", rupiah=tuple(c for c in channels if "rupiah" in c))
st.caption(t("common.source_caption", lang, month=period))
