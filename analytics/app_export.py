"""Download buttons under every chart: the figure as PNG/SVG/PDF (as shown, with a footnote)
and its data as CSV/XLSX. Files are made only when a button is clicked."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import app_cache
from analytics.export.annotate import Provenance, for_export
from analytics.export.images import FORMATS, HOW_TO_INSTALL, chromium_path, image_bytes
from analytics.export.notes import notes
from analytics.export.tables import csv_bytes, xlsx_bytes
from analytics.i18n import chooser
from analytics.labels import commodity_label, policy_caption

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def provenance(v: app_cache.View) -> Provenance:
    con, key = app_cache.cursor(), app_cache.db_key()
    say = chooser(v.lang)
    names = app_cache.choices(con, key)
    parts = []
    if v.filters.commodity:
        parts.append(say("Komoditas", "Commodity") + ": " + commodity_label(v.filters.commodity, v.lang))
    if v.filters.chain is not None:
        parts.append(say("Rantai nilai", "Value chain") + ": " + names.chains.get(v.filters.chain, str(v.filters.chain)))
    if v.filters.facilitator is not None:
        parts.append(say("Pendamping", "Facilitator") + ": "
                     + names.facilitators.get(v.filters.facilitator, str(v.filters.facilitator)))
    if v.filters.cohort is not None:
        parts.append(say("Angkatan", "Cohort") + f": {v.filters.cohort}")
    return Provenance(lang=v.lang, data_month=v.month, thresholds=policy_caption(v.policy, v.lang),
                      synthetic=app_cache.synthetic(con, key), filters="; ".join(parts))


def chart(fig: go.Figure, data: pd.DataFrame | None, name: str, v: app_cache.View, key: str,
          rupiah: tuple[str, ...] = (), percent: tuple[str, ...] = (), **plotly_kwargs):
    """st.plotly_chart plus its download buttons; returns the chart's selection event."""
    event = st.plotly_chart(fig, width="stretch", key=key, **plotly_kwargs)
    downloads(fig, data, name, v, key, rupiah, percent)
    return event


def downloads(fig: go.Figure, data: pd.DataFrame | None, name: str, v: app_cache.View, key: str,
              rupiah: tuple[str, ...] = (), percent: tuple[str, ...] = ()) -> None:
    say = chooser(v.lang)
    prov = provenance(v)
    title = _plain(fig.layout.title.text)
    place = app_cache.place_name(v)
    with st.popover(say("Unduh", "Download"), icon=":material/download:"):
        if chromium_path() is None:
            st.caption(HOW_TO_INSTALL)
        else:
            cols = st.columns(len(FORMATS))
            for col, (fmt, mime) in zip(cols, FORMATS.items()):
                col.download_button(fmt.upper(), data=lambda fmt=fmt: image_bytes(for_export(fig, prov), fmt),
                                    file_name=f"{name}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")
        if data is not None and not data.empty:
            cols = st.columns(2)
            cols[0].download_button("CSV", data=lambda: csv_bytes(data), file_name=f"{name}.csv", mime="text/csv",
                                    on_click="ignore", key=f"{key}_csv")
            cols[1].download_button("XLSX", data=lambda: xlsx_bytes(data, notes(title, place, prov), rupiah, percent),
                                    file_name=f"{name}.xlsx", mime=XLSX, on_click="ignore", key=f"{key}_xlsx")
        st.caption(say("Gambar persis seperti tampilan (filter, bahasa), dengan catatan sumber dan ambang.",
                       "Images exactly as shown (filters, language), with a source and thresholds footnote."))


def _plain(text: str | None) -> str:
    import re
    return re.sub(r"<[^>]+>", " ", text or "").split("  ")[0].strip()


def briefing_buttons(v: app_cache.View, key: str) -> None:
    """The one-page briefing of the selected region (PDF, PPTX), made when clicked."""
    from analytics.export import briefing

    say = chooser(v.lang)
    con = app_cache.cursor()

    def make(fmt: str) -> bytes:
        b = briefing.build(con, v.region, v.lang, v.month, v.policy)
        return briefing.to_pdf(b) if fmt == "pdf" else briefing.to_pptx(b)

    name = f"ringkasan_kube_{v.region.replace('.', '_')}_{v.month:%Y-%m}" if v.month else "ringkasan_kube"
    with st.popover(say("Ringkasan untuk rapat (PDF/PPTX)", "Briefing for meetings (PDF/PPTX)"), icon=":material/description:"):
        if chromium_path() is None:
            st.caption(HOW_TO_INSTALL)
            return
        cols = st.columns(2)
        cols[0].download_button("PDF (A4)", data=lambda: make("pdf"), file_name=f"{name}.pdf", mime="application/pdf",
                                on_click="ignore", key=f"{key}_pdf")
        cols[1].download_button("PPTX", data=lambda: make("pptx"), file_name=f"{name}.pptx",
                                mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                                on_click="ignore", key=f"{key}_pptx")
        st.caption(say("Satu halaman: angka utama dan perubahan 12 bulan, peta, tren, wilayah tertinggi dan terendah, "
                       "tiga kalimat kunci. Untuk wilayah terpilih, tanpa filter komoditas, rantai, pendamping, angkatan. "
                       "Dibuat saat diklik (sekitar 5-10 detik).",
                       "One page: headline figures and their 12-month change, the map, the trend, best and worst regions, "
                       "three key sentences. For the selected region, without commodity, chain, facilitator or cohort "
                       "filters. Made when clicked (about 5-10 s)."))
