"""Peta (map): a metric by province, click a province for its regencies, with a side panel."""
import streamlit as st

from analytics import app_cache
from analytics.app_map import map_chart
from analytics.app_frame import PARAMS, policy_caption
from analytics.charts.maps import metric_label, metric_unit
from analytics.formatting import metric_value, month as fmt_month, number
from analytics.geo.layers import BoundariesMissing, layer
from analytics.i18n import chooser, t

v = app_cache.view()
lang, con, key = v.lang, app_cache.cursor(), app_cache.db_key()
L = chooser(lang)
names = app_cache.choices(con, key)
METRIC_KEYS = ["share_steady", "share_independent", "share_poor", "exit_rate_12m", "median_pl_ratio",
               "median_income_change", "completeness", "active_members", "groups", "groups_alive"]

st.title(t("page_map", lang))
wanted = st.query_params.get("ind") if st.query_params.get("ind") in METRIC_KEYS else "share_steady"
metric = st.selectbox(L("Indikator", "Indicator"), METRIC_KEYS, index=METRIC_KEYS.index(wanted),
                      format_func=lambda m: metric_label(m, lang), key="map_metric")
st.query_params["ind"] = metric

province = v.province
level = "kabupaten" if province else "provinsi"
period = fmt_month(v.month, lang)
place = names.provinces.get(province, "Indonesia")
try:
    layer("provinsi")
except BoundariesMissing:
    st.warning(L("Batas wilayah belum dibuat, jadi peta tidak dapat digambar. Jalankan `make run` (memerlukan npm) "
                 "atau `python -m analytics geo build`.",
                 "Boundaries have not been built, so the map cannot be drawn. Run `make run` (needs npm) "
                 "or `python -m analytics geo build`."))
    st.stop()

values = app_cache.map_values(con, key, level, v.month, province, v.policy, v.filters)


def show_province(code: str | None) -> None:
    """Drill down (or back): the province filter is the state, in the widget and the URL."""
    st.session_state[f"filter_{PARAMS['province']}"] = code
    st.session_state.pop(f"filter_{PARAMS['regency']}", None)
    if code:
        st.query_params[PARAMS["province"]] = code
    elif PARAMS["province"] in st.query_params:
        del st.query_params[PARAMS["province"]]


def on_click(clicked: str) -> None:
    if clicked in names.provinces and not province:
        show_province(clicked)
    elif clicked in names.regencies:
        st.session_state["map_selected"] = clicked


map_col, side = st.columns([3, 1])
with map_col:
    with st.container():     # always there, so the map below keeps its place (and its state) in the page
        if province:
            st.button(L("← Kembali ke seluruh Indonesia", "← Back to all of Indonesia"), key="map_back",
                      on_click=show_province, args=(None,))
        if values.empty or values[metric].notna().sum() == 0:
            st.info(t("empty", lang))
    fig = app_cache.map_figure(con, key, level, v.month, province, v.policy, v.filters, metric, lang,
                               metric_label(metric, lang), f"{place}, {period}")
    map_chart(fig, values, f"peta_{metric}_{province or 'indonesia'}", v, "map", on_click,
              percent=tuple(c for c in values if c.startswith("share_")))
    st.caption(L("Klik provinsi untuk melihat kabupaten/kotanya. Abu-abu: tidak ada data (bukan nol). ",
                 "Click a province to see its regencies. Grey: no data (not zero). ")
               + policy_caption(v.policy, lang) + " " + t("source_caption", lang, month=period))

with side:
    selected = st.session_state.get("map_selected") if province else None
    selected = selected if selected and selected.startswith(province or "") else None
    region = selected or province or "00"
    level_of = "kabupaten" if selected else ("provinsi" if province else "nasional")
    row = app_cache.region_metrics(con, key, level_of, v.month, region, None, v.policy, v.filters)
    st.subheader(names.regencies.get(region) or names.provinces.get(region) or "Indonesia")
    st.caption(f"{region} · {period}")
    if row.empty:
        st.info(t("empty", lang))
    else:
        r = row.iloc[0]
        for m in ["active_members", "share_steady", "share_independent", "share_poor", "exit_rate_12m",
                  "median_pl_ratio", "completeness"]:
            st.metric(metric_label(m, lang), metric_value(metric_unit(m), r[m], lang))
        if r["fallback_line_members"] > 0:
            st.caption(L(f"{number(r['fallback_line_members'], lang)} anggota memakai garis kemiskinan nasional "
                         "(garis provinsi belum terbit).",
                         f"{number(r['fallback_line_members'], lang)} members use the national poverty line "
                         "(no provincial line published yet)."))
