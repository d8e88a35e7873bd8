"""Exports: images are what they claim, data files carry the chart's numbers, suppression below k."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook

from analytics.charts.maps import choropleth
from analytics.disclosure import K, suppress, suppress_regions
from analytics.export.annotate import Provenance, for_export
from analytics.export.images import chromium_path, image_bytes
from analytics.export.notes import notes
from analytics.export.tables import RUPIAH_FORMAT, csv_bytes, xlsx_bytes

needs_chromium = pytest.mark.skipif(chromium_path() is None, reason="Chromium not installed")
PROV = Provenance(lang="id", data_month=date(2026, 8, 1), thresholds="Ambang: Stabil = 6 bulan; KV ≤ 0,30.",
                  synthetic=True, filters="Komoditas: Kopi", generated=date(2026, 11, 29))


def figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=["Aceh", "Bali"], y=[0.31, 0.42]))
    fig.update_layout(title="<b>Anggota berpendapatan stabil</b><br><span>Sulawesi Tengah, Agustus 2026</span>",
                      height=400)
    return fig


def test_footnote_carries_provenance_and_synthetic_label():
    out = for_export(figure(), PROV)
    text = out.layout.annotations[-1].text
    assert "Agustus 2026" in text and "KV ≤ 0,30" in text and "DATA SINTETIS" in text and "Kopi" in text
    assert out.layout.height > 400          # room for the footnote, chart unchanged
    assert len(figure().layout.annotations) == 0


@needs_chromium
def test_png_svg_pdf_are_valid_and_hold_the_title():
    fig = for_export(figure(), PROV)
    png = image_bytes(fig, "png", width=900)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert width == 1800 and height > 800           # 2x scale
    svg = image_bytes(fig, "svg", width=900)
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "Anggota berpendapatan stabil" in svg.decode()
    pdf = image_bytes(fig, "pdf", width=900)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Anggota berpendapatan stabil" in text and "Sulawesi Tengah" in text and "DATA SINTETIS" in text


@needs_chromium
def test_a_map_exports_to_png():
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_code": "72", "name": "Sulawesi Tengah"},
         "geometry": {"type": "Polygon", "coordinates": [[[120, -2], [123, -2], [123, 1], [120, 1], [120, -2]]]}}]}
    values = pd.DataFrame({"region_code": ["72"], "share_steady": [0.3], "active_members": [50]})
    fig = choropleth(geojson, values, "provinsi", "share_steady", "id", "Peta", "Agustus 2026")
    png = image_bytes(for_export(fig, PROV), "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_xlsx_has_the_same_numbers_rupiah_format_and_notes():
    data = pd.DataFrame({"region_code": ["72", "73"], "name": ["Sulawesi Tengah", "Sulawesi Selatan"],
                         "income_rupiah": [1_500_000, 2_250_000], "share_steady": [0.315, 0.4]})
    book = load_workbook(io.BytesIO(xlsx_bytes(data, notes("Judul X", "Indonesia", PROV), rupiah=("income_rupiah",),
                                               percent=("share_steady",))))
    sheet = book["Data"]
    rows = list(sheet.values)
    assert list(rows[0]) == list(data.columns)
    assert [r[2] for r in rows[1:]] == [1_500_000, 2_250_000]
    assert [r[3] for r in rows[1:]] == [0.315, 0.4]
    assert sheet["C2"].number_format == RUPIAH_FORMAT and sheet["D2"].number_format == "0.0%"
    note_text = " ".join(str(c) for row in book["Catatan"].values for c in row if c)
    assert "Judul X" in note_text and "Komoditas: Kopi" in note_text and "DATA SINTETIS" in note_text
    assert f"kurang dari {K} anggota" in note_text


def test_csv_round_trips_with_indonesian_names():
    data = pd.DataFrame({"name": ["Kep. Bangka Belitung", "Nusa Tenggara Timur"], "active_members": [12, 7]})
    back = pd.read_csv(io.BytesIO(csv_bytes(data)), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, data)


def test_suppression_below_k_blanks_figures_and_keeps_the_rest():
    frame = pd.DataFrame({"region_code": ["a", "b", "c"], "active_members": [4, 5, 0],
                          "share_steady": [0.5, 0.2, None], "groups": [1, 2, 3]})
    out = suppress_regions(frame)
    assert out["suppressed"].tolist() == [True, False, True]
    assert pd.isna(out.loc[0, "share_steady"]) and pd.isna(out.loc[0, "active_members"])
    assert out.loc[1, "share_steady"] == 0.2 and out["groups"].tolist() == [1, 2, 3]
    assert suppress(frame, "active_members", k=1)["suppressed"].tolist() == [False, False, True]


def test_the_map_says_suppressed_not_no_data():
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"province_code": c, "name": n},
         "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}}
        for x, (c, n) in enumerate([("11", "Aceh"), ("12", "Sumatera Utara"), ("13", "Sumatera Barat")])]}
    values = suppress_regions(pd.DataFrame({"region_code": ["11", "12"], "active_members": [3, 40],
                                            "share_steady": [0.9, 0.3]}))
    fig = choropleth(geojson, values, "provinsi", "share_steady", "id")
    texts = {row[0]: row[1] for trace in fig.data for row in trace.customdata}
    assert texts["Aceh"].startswith("< 5") and texts["Sumatera Barat"] == "tidak ada data"
    assert "30" in texts["Sumatera Utara"]
