"""Pantau KUBE: the router and frame (page config, language, filters, synthetic-data label, navigation)."""
import streamlit as st

from analytics.i18n import t
from analytics.store import StoreError
from analytics.ui import cache, errors, frame, map as ui_map, state

st.set_page_config(page_title="Pantau KUBE", page_icon="📈", layout="wide")


def lang() -> str:
    return state.get().lang if state.STATE in st.session_state else "id"


with errors.guard(lang):
    try:
        con = cache.cursor()
    except StoreError as exc:
        st.title(t("app.title", "id"))
        st.error(str(exc))
        st.stop()
    if con is None:
        st.title(t("app.title", "id"))
        st.warning(t("app.no_database", "id", path=cache.database_path()))
        st.markdown(t("app.no_database_help", "id"))
        st.stop()
    state.start(frame.options(con))
    frame.style()
    frame.preload_charts()
    language = frame.language()
    if cache.synthetic(con, cache.db_key()):
        st.warning(t("app.synthetic_banner", language), icon="⚠️")
    frame.link_notices(language)
    st.session_state["view"] = frame.sidebar(con, language)
    with st.sidebar:
        ui_map.preload()
    pages = [st.Page(file, title=t(title, language), url_path=path, default=path == "ringkasan")
             for path, file, title in frame.PAGES]
    try:
        st.navigation(pages, position="top").run()
    finally:
        state.sync_link()
