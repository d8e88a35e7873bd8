"""Pantau KUBE: the router and frame (page config, language, synthetic-data label, navigation)."""
import streamlit as st

from analytics import app_cache
from analytics.i18n import LANGUAGES, t

st.set_page_config(page_title="Pantau KUBE", page_icon="📈", layout="wide")

if st.query_params.get("lang") not in LANGUAGES:
    st.query_params["lang"] = "id"
lang = st.sidebar.segmented_control(
    t("language", st.query_params["lang"]), LANGUAGES, format_func=str.upper,
    default=st.query_params["lang"], key="lang_choice",
) or "id"
st.query_params["lang"] = lang
st.session_state["lang"] = lang

con = app_cache.cursor()
if con is None:
    st.title(t("app_title", lang))
    st.warning(t("no_database", lang, path=app_cache.database_path()))
    st.markdown(t("no_database_help", lang))
    st.stop()
if app_cache.synthetic(con, app_cache.db_key()):
    st.warning(t("synthetic_banner", lang), icon="⚠️")

pages = [
    st.Page("pages/ringkasan.py", title=t("page_overview", lang), url_path="ringkasan", default=True),
]
st.navigation(pages).run()
