"""Download buttons under every chart: the figure as PNG/SVG/PDF (as shown, with a footnote)
and its data as CSV/XLSX. Files are made only when a button is clicked. Each button is offered
by the caller's role (images: every data role; data: analysts and pusat) and every download is
checked again and recorded in the audit log when it is made."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analytics import reference_names
from analytics.access.roles import Permission
from analytics.charts.style import titles
from analytics.export.annotate import Provenance, for_export
from analytics.export.images import FORMATS, chromium_path, image_bytes
from analytics.export.notes import notes
from analytics.export.tables import csv_bytes, xlsx_bytes
from analytics.formatting import month as fmt_month
from analytics.i18n import t
from analytics.policy_text import caption
from analytics.ui import auth, cache
from analytics.urlstate import markdown_escape
from analytics.ui.state import View

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _filters(v: View) -> list[tuple[str, str]]:
    """The active filters beyond region: (filter label, the value's name)."""
    names = cache.choices(cache.cursor(), cache.db_key())
    parts = []
    if v.filters.commodity:
        parts.append((t("filter.commodity", v.lang), reference_names.commodity(v.filters.commodity, v.lang)))
    if v.filters.chain is not None:
        parts.append((t("filter.chain", v.lang),
                      reference_names.term(names.chains.get(v.filters.chain, str(v.filters.chain)), v.lang)))
    if v.filters.facilitator is not None:
        parts.append((t("filter.facilitator", v.lang),
                      names.facilitators.get(v.filters.facilitator, str(v.filters.facilitator))))
    if v.filters.cohort is not None:
        parts.append((t("filter.cohort_short", v.lang), f"{t('filter.cohort_short', v.lang)} {v.filters.cohort}"))
    return parts


def filter_names(v: View) -> list[str]:
    """The active filters beyond region, named ('Komoditas: Kopi')."""
    return [f"{label}: {value}" for label, value in _filters(v)]


def view_subtitle(v: View, *details: str, place: str | None = None) -> str:
    """'Aceh · Kopi · September 2026': the region, every active filter, then `details` (the period)."""
    parts = [place or cache.place_name(v.region), *[value for _, value in _filters(v)], *details]
    return " · ".join(p for p in parts if p)


def page_subtitle(v: View) -> None:
    """Under a page's title: what the page shows (region, filters, month)."""
    st.caption(view_subtitle(v, fmt_month(v.month, v.lang)))


def provenance(v: View) -> Provenance:
    con, key = cache.cursor(), cache.db_key()
    return Provenance(lang=v.lang, data_month=v.month, thresholds=caption(v.policy, v.lang),
                      synthetic=cache.synthetic(con, key), filters="; ".join(filter_names(v)))


def chart(fig: go.Figure, data: pd.DataFrame | None, name: str, v: View, key: str,
          rupiah: tuple[str, ...] = (), percent: tuple[str, ...] = (), **plotly_kwargs):
    """The chart's title and subtitle as text (they wrap at any width), the chart, its download
    buttons (the exported image carries the title itself); returns the chart's selection event."""
    heading(fig)
    shown = go.Figure(fig)
    shown.update_layout(title=None, margin=dict(t=16))
    event = st.plotly_chart(shown, width="stretch", key=key, **plotly_kwargs)
    downloads(fig, data, name, v, key, rupiah, percent)
    return event


def heading(fig: go.Figure) -> None:
    title, subtitle = titles(fig)
    if title:
        st.markdown(f"**{markdown_escape(title)}**" + (f"  \n:gray[{markdown_escape(subtitle)}]" if subtitle else ""))


def downloads(fig: go.Figure, data: pd.DataFrame | None, name: str, v: View, key: str,
              rupiah: tuple[str, ...] = (), percent: tuple[str, ...] = ()) -> None:
    images, tables = auth.can(Permission.CHART_IMAGES), auth.can(Permission.TABLE_DOWNLOADS)
    if not images and not tables:
        return
    prov = provenance(v)
    title = titles(fig)[0] or name
    place = cache.place_name(v.region)
    with st.popover(t("export.download", v.lang), icon=":material/download:"):
        if not images:
            pass
        elif chromium_path() is None:
            st.caption(t("export.no_chromium", v.lang))
        else:
            cols = st.columns(len(FORMATS))
            for col, (fmt, mime) in zip(cols, FORMATS.items()):
                make = lambda fmt=fmt: image_bytes(for_export(fig, prov), fmt)  # noqa: E731
                col.download_button(fmt.upper(), data=auth.audited(make, f"{name}.{fmt}", fmt, v.region,
                                                                   Permission.CHART_IMAGES),
                                    file_name=f"{name}.{fmt}", mime=mime, on_click="ignore", key=f"{key}_{fmt}")
        if tables and data is not None and not data.empty:
            cols = st.columns(2)
            cols[0].download_button("CSV", data=auth.audited(lambda: csv_bytes(data), f"{name}.csv", "csv", v.region,
                                                             Permission.TABLE_DOWNLOADS),
                                    file_name=f"{name}.csv", mime="text/csv", on_click="ignore", key=f"{key}_csv")
            xlsx = lambda: xlsx_bytes(data, notes(title, place, prov, v.policy), rupiah, percent)  # noqa: E731
            cols[1].download_button("XLSX", data=auth.audited(xlsx, f"{name}.xlsx", "xlsx", v.region,
                                                              Permission.TABLE_DOWNLOADS),
                                    file_name=f"{name}.xlsx", mime=XLSX, on_click="ignore", key=f"{key}_xlsx")
        st.caption(t("export.as_shown", v.lang))


def briefing_buttons(v: View, key: str) -> None:
    """The one-page briefing of the selected region (PDF, PPTX), made when clicked."""
    from analytics.export import briefing

    if not auth.can(Permission.CHART_IMAGES):
        return
    con, scope = cache.figures_cursor(v.policy), auth.current().scope

    def make(fmt: str) -> bytes:
        b = briefing.build(con, v.region, v.lang, v.month, v.policy, scope=scope)
        return briefing.to_pdf(b) if fmt == "pdf" else briefing.to_pptx(b)

    name = f"ringkasan_kube_{v.region.replace('.', '_')}_{v.month:%Y-%m}" if v.month else "ringkasan_kube"
    with st.popover(t("export.briefing", v.lang), icon=":material/description:"):
        if chromium_path() is None:
            st.caption(t("export.no_chromium", v.lang))
            return
        cols = st.columns(2)
        cols[0].download_button("PDF (A4)", data=auth.audited(lambda: make("pdf"), f"{name}.pdf", "pdf", v.region,
                                                              Permission.CHART_IMAGES),
                                file_name=f"{name}.pdf", mime="application/pdf", on_click="ignore", key=f"{key}_pdf")
        cols[1].download_button("PPTX", data=auth.audited(lambda: make("pptx"), f"{name}.pptx", "pptx", v.region,
                                                          Permission.CHART_IMAGES),
                                file_name=f"{name}.pptx", mime=PPTX, on_click="ignore", key=f"{key}_pptx")
        st.caption(t("export.briefing_help", v.lang))
