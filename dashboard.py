"""Pantau KUBE: the router and frame (page config, language, filters, synthetic-data label, navigation)."""
import streamlit as st

from analytics import app_cache, app_frame, app_map
from analytics.i18n import t
from analytics.store import StoreError

st.set_page_config(page_title="Pantau KUBE", page_icon="📈", layout="wide")

lang = app_frame.language()
st.session_state["lang"] = lang

try:
    con = app_cache.cursor()
except StoreError as exc:
    st.title(t("app_title", lang))
    st.error(str(exc))
    st.stop()
if con is None:
    st.title(t("app_title", lang))
    st.warning(t("no_database", lang, path=app_cache.database_path()))
    st.markdown(t("no_database_help", lang))
    st.stop()
if app_cache.synthetic(con, app_cache.db_key()):
    st.warning(t("synthetic_banner", lang), icon="⚠️")

st.session_state["view"] = app_frame.sidebar(con, lang)
with st.sidebar:
    app_map.preload()

pages = [
    st.Page("pages/ringkasan.py", title=t("page_overview", lang), url_path="ringkasan", default=True),
    st.Page("pages/peta.py", title=t("page_map", lang), url_path="peta"),
    st.Page("pages/profil_wilayah.py", title=t("page_region", lang), url_path="profil_wilayah"),
    st.Page("pages/kelompok.py", title=t("page_groups", lang), url_path="kelompok"),
    st.Page("pages/pendamping.py", title=t("page_facilitators", lang), url_path="pendamping"),
    st.Page("pages/rantai_nilai.py", title=t("page_chains", lang), url_path="rantai_nilai"),
    st.Page("pages/dampak.py", title=t("page_impact", lang), url_path="dampak"),
    st.Page("pages/kualitas.py", title=t("page_quality", lang), url_path="kualitas"),
    st.Page("pages/impor.py", title=t("page_import", lang), url_path="impor"),
    st.Page("pages/metodologi.py", title=t("page_method", lang), url_path="metodologi"),
]
st.navigation(pages, position="top").run()
