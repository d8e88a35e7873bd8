"""Exports: images are what they claim, data files carry the chart's numbers, suppression below k."""
from __future__ import annotations

import io
import re
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
from analytics.headline import Headline
from analytics.metrics.policy import DEFAULT_POLICY

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
    book = load_workbook(io.BytesIO(xlsx_bytes(data, notes("Judul X", "Indonesia", PROV, DEFAULT_POLICY), rupiah=("income_rupiah",),
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


# --- the briefing -------------------------------------------------------------------------

import shutil  # noqa: E402

from streamlit.testing.v1 import AppTest  # noqa: E402

from analytics.access.scope import Scope  # noqa: E402
from analytics.config import ROOT  # noqa: E402
from analytics.export import briefing  # noqa: E402
from analytics.store import open_store  # noqa: E402


@pytest.fixture(scope="module")
def db(tiny_demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("briefing") / "briefing.duckdb"
    shutil.copy(tiny_demo, path)
    return path


def test_briefing_figures_equal_the_dashboards(db, monkeypatch):
    monkeypatch.setenv("KUBE_DB", str(db))
    con = open_store(db, read_only=True)
    b = briefing.build(con, "72", scope=Scope.nation())
    con.close()     # the app opens the file itself, with its own settings (and keeps it open)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["prov"] = "72"
    at.run()
    shown = {m.label: m.value for m in at.metric}
    ours = {h.label: h.value for h in b.headlines}
    assert ours["Rumah tangga melapor"] == shown["Rumah tangga melapor"]
    assert ours["Berpendapatan stabil"] == shown["Berpendapatan stabil"]
    assert ours["Mandiri"] == shown["Mandiri"]
    assert b.place == "Sulawesi Tengah" and len(b.sentences) == 3
    assert "12 bulan terakhir" in b.sentences[0]


@pytest.fixture()
def fresh(tiny_demo, tmp_path):
    path = tmp_path / "copy.duckdb"           # not the file the AppTest above holds open
    shutil.copy(tiny_demo, path)
    connection = open_store(path, read_only=True)
    yield connection
    connection.close()


@needs_chromium
def test_briefing_pdf_is_one_a4_page_with_title_region_and_sentences(fresh):
    from pypdf import PdfReader
    b = briefing.build(fresh, "72.01", scope=Scope.nation())
    reader = PdfReader(io.BytesIO(briefing.to_pdf(b)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Ringkasan KUBE: Kabupaten Banggai" in text
    assert "DATA SINTETIS" in text and "12 bulan terakhir" in text
    # the denominator and the month's Rupiah medians beside the headline figures (issues 14, 17)
    assert re.search(r"Pangsa status dari [\d.]+ anggota yang melapor; [\d.]+ anggota terdaftar tidak melapor", text)
    assert re.search(r"pendapatan rumah tangga Rp[\d.]+/bulan · per kapita Rp[\d.]+/bulan · garis kemiskinan Rp[\d.]+", text)


@needs_chromium
def test_briefing_pptx_opens_with_three_slides_in_english(fresh):
    from pptx import Presentation
    b = briefing.build(fresh, "00", lang="en", scope=Scope.nation())
    deck = Presentation(io.BytesIO(briefing.to_pptx(b)))
    assert len(deck.slides) == 3
    first = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "KUBE briefing: Indonesia" in first and "SYNTHETIC DATA" in first and "over the last 12 months" in first
    assert re.search(r"Status shares of [\d,]+ reporting members; [\d,]+ registered members not reporting", first)
    assert re.search(r"household income Rp[\d,]+/month · per capita Rp[\d,]+/month", first)
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 2          # the map and the trend


def test_briefing_suppresses_a_region_with_fewer_than_k_members():
    now = pd.Series({"active_members": float("nan"), "share_steady": float("nan"), "share_independent": float("nan"),
                     "exits_12m": float("nan"), "share_poor": float("nan"), "exit_rate_12m": float("nan"),
                     "suppressed": True})
    heads = [Headline(now, None).figure(key, "id") for key in briefing.HEADLINES]
    assert heads[0].value == "< 5" and heads[1].value == "–"
    assert "kurang dari 5" in briefing._sentences(now, None, pd.DataFrame(), "X", "id")[0]


def test_unknown_region_is_a_clear_error(fresh):
    with pytest.raises(briefing.BriefingError, match="unknown region code '99'"):
        briefing.build(fresh, "99", scope=Scope.nation())


def test_without_chromium_exports_say_how_to_install_it(monkeypatch, fresh, tmp_path):
    from analytics.export import images
    monkeypatch.setattr(images, "_server", False)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))          # no chromium anywhere
    assert images.chromium_path() is None
    with pytest.raises(images.ExportUnavailable, match="apt-get install -y chromium"):
        images.image_bytes(figure(), "png")
    # Data exports need no browser and keep working.
    assert xlsx_bytes(pd.DataFrame({"a": [1]}), [])[:2] == b"PK"
    b = briefing.build(fresh, "72", scope=Scope.nation())
    with pytest.raises(images.ExportUnavailable):
        briefing.to_pdf(b)
