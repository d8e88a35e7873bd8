"""Rantai Nilai & Pasar (value chains and markets): chain stages, demand vs supply, channels."""
import pandas as pd
import streamlit as st

from analytics import app_cache
from analytics.app_export import chart
from analytics.charts import figures
from analytics.formatting import month as fmt_month
from analytics.i18n import chooser, t

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
period = fmt_month(v.month, lang)
place = app_cache.place_name(v)

st.title(t("page_chains", lang))
st.caption(L("Usaha terintegrasi: beberapa KUBE mengerjakan tahap berbeda dari satu rantai nilai, dari hulu ke hilir, "
             "dengan pembeli (offtaker) di hilir.",
             "Integrated business: several KUBEs each do one stage of a value chain, upstream to downstream, "
             "with buyers (offtakers) downstream."))
flows = app_cache.table(con, key, "chain_flows", month=v.month, chain=v.filters.chain)
if flows.empty:
    st.info(t("empty", lang))
else:
    for chain_id, chain in flows.groupby("chain_id"):
        chart(figures.chain_sankey(chain, lang, chain["chain_name"].iloc[0],
                                   L(f"Penjualan 12 bulan sampai {period} (rupiah); lebar = nilai",
                                     f"Sales over the 12 months to {period} (rupiah); width = value")),
              chain, f"rantai_nilai_{chain_id}", v, f"sankey_{chain_id}",
              rupiah=tuple(c for c in chain if "rupiah" in c or c == "value"))

left, right = st.columns(2)
with left:
    demand = app_cache.table(con, key, "demand_supply", month=v.month)
    if demand.empty:
        st.info(t("empty", lang))
    else:
        chart(figures.demand_supply(demand, lang, L("Produk dengan pasar terbesar", "Products with the most market"),
                                    L(f"Permintaan offtaker dan penjualan kelompok, 12 bulan sampai {period}",
                                      f"Offtaker demand and group sales, 12 months to {period}")),
              demand, "permintaan_pasokan", v, "demand", rupiah=tuple(c for c in demand if "rupiah" in c))
with right:
    channels = app_cache.table(con, key, "sales_by_channel", region=None if v.region == "00" else v.region,
                               commodity=v.filters.commodity)
    if channels.empty:
        st.info(t("empty", lang))
    else:
        channels = channels[pd.to_datetime(channels["month"]) <= pd.Timestamp(v.month)]
        chart(figures.channel_area(channels, lang, L("Penjualan menurut saluran pemasaran", "Sales by marketing channel"),
                                   f"{place}, {L('per bulan', 'monthly')}"), channels, "penjualan_saluran", v, "channels",
              rupiah=tuple(c for c in channels if "rupiah" in c))
st.caption(t("source_caption", lang, month=period))
