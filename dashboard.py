"""Pantau KUBE: the router and frame (login gate, page config, language, filters, synthetic-data
label, navigation limited to the caller's pages)."""
import streamlit as st

from analytics.i18n import t
from analytics.store import StoreError
from analytics.ui import auth, cache, errors, frame, map as ui_map, state

st.set_page_config(page_title="Pantau KUBE", page_icon="📈", layout="wide")


def lang() -> str:
    return state.get().lang if state.STATE in st.session_state else "id"


with errors.guard(lang):
    identity = auth.gate(auth.link_language())      # no logged-in caller: the login page, no data
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
    frame.confine(identity.scope)
    language = frame.language()
    frame.style(language)
    auth.sidebar(identity, language)
    if cache.synthetic(con, cache.db_key()):
        st.warning(t("app.synthetic_banner", language), icon="⚠️")
    frame.link_notices(language)
    view = st.session_state["view"] = frame.sidebar(con, language, identity.scope)
    with st.sidebar:
        ui_map.preload()
    allowed = identity.pages()
    pages = [st.Page(file, title=t(title, language), url_path=path, default=path == allowed[0])
             for path, file, title in frame.PAGES if path in allowed]
    try:
        page = st.navigation(pages, position="top")
        path = page.url_path or allowed[0]           # the default page's url path is empty
        auth.set_page(path)
        auth.log_view(path, view.region, {**view.filters.values(), "month": view.month})
        page.run()
    finally:
        state.sync_link()
