"""Metodologi (method): definitions with the thresholds in force, sources, the reference tables in use."""
import streamlit as st

from analytics.disclosure import K
from analytics.formatting import rupiah
from analytics.i18n import t
from analytics.policy_text import caption, terms
from analytics.ui import cache

v = cache.page_view()
lang, con, key = v.lang, cache.cursor(), cache.db_key()
words = terms(v.policy, lang)

st.title(t("page.method", lang))
st.info(caption(v.policy, lang))
st.markdown(t("method.ladder", lang, **words))
st.markdown(t("method.inputs", lang, **words))
st.markdown(t("method.regions", lang, k=K, **words))
st.markdown(t("method.impact", lang))
st.markdown(t("method.privacy", lang, k=K))
tables = cache.table(con, key, "reference_tables")
for kind in ("poverty_line", "minimum_wage"):
    st.subheader(t(f"method.table_{kind}", lang))
    part = tables[tables["kind"] == kind]
    st.dataframe(part.assign(rupiah=[rupiah(x, lang) for x in part["rupiah"]])
                 [["province_code", "province", "period", "rupiah", "source"]].rename(columns={
                     "province_code": t("column.code", lang), "province": t("filter.province", lang),
                     "period": t("column.period", lang), "rupiah": "Rupiah", "source": t("column.source", lang)}),
                 hide_index=True, width="stretch", height=300)
