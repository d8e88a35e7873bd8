"""The dashboard server's start (analytics/ui/server.py, analytics/ui/front_end.py): what it
imports and builds before the first visitor, and the front-end folder it serves."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import streamlit
from streamlit import file_util

from analytics.ui import front_end, server

STREAMLIT_STATIC = Path(file_util.get_static_dir())
PAGE_PATHS = {"profil_wilayah": True, "peta": False}


def a_front_end(folder: Path, index: str = "<html><head><title>Streamlit</title>"
                "<script type=\"module\" src=\"./static/js/index.abc.js\"></script></head><body></body></html>") -> Path:
    (folder / "static" / "js").mkdir(parents=True)
    (folder / "static" / "js" / "PlotlyChart.D9Z0_fx-z.js").write_text("export default 1")
    (folder / "static" / "js" / "PlotlyChartLegend.abc.js").write_text("")    # a name that only starts alike
    (folder / "static" / "js" / "DataFrame.-f9-1zS0.js").write_text("")
    (folder / "favicon.png").write_bytes(b"png")
    (folder / "index.html").write_text(index)
    return folder


def test_the_page_scripts_imports_are_found_submodules_included(tmp_path):
    script = tmp_path / "page.py"
    script.write_text("import pandas as pd\nfrom analytics.ui import cache, frame\nfrom analytics.formatting import month\n"
                      "from . import sibling\n\ndef f():\n    import openpyxl\n")
    assert server.imported_modules(script) == {"pandas", "analytics.ui", "analytics.ui.cache", "analytics.ui.frame",
                                               "analytics.formatting", "analytics.formatting.month", "openpyxl"}


def test_preimport_loads_what_the_pages_use_and_skips_names_that_are_not_modules():
    done = server.preimport()
    assert {"analytics.ui.export", "analytics.ui.map", "analytics.ui.cache", "analytics.charts.figures"} <= set(done)
    assert "analytics.formatting.month" not in done      # a function imported by name, not a module


def test_the_front_end_folder_serves_streamlits_files_with_our_index(tmp_path):
    static = a_front_end(tmp_path / "streamlit")
    folder = front_end.build(static, tmp_path / "built", PAGE_PATHS)
    assert folder is not None and folder.parent == tmp_path / "built"
    assert (folder / "favicon.png").read_bytes() == b"png"
    assert (folder / "static" / "js" / "PlotlyChart.D9Z0_fx-z.js").read_text() == "export default 1"
    html = (folder / "index.html").read_text()
    head = html.split("</head>")[0]
    assert '<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.D9Z0_fx-z.js">' in head
    config = json.loads(re.search(r"\}\)\((\{.*\})\);", head).group(1))
    assert config == {"pages": ["profil_wilayah", "peta"], "tablePages": ["profil_wilayah"],
                      "chart": "./static/js/PlotlyChart.D9Z0_fx-z.js", "table": "./static/js/DataFrame.-f9-1zS0.js"}
    assert "BACKEND_BASE_URL" in head and "</script>" in head
    assert html.endswith("<body></body></html>")
    assert (static / "index.html").read_text().count("modulepreload") == 0      # Streamlit's own is untouched
    assert front_end.build(static, tmp_path / "built", PAGE_PATHS) == folder    # a second worker shares it
    assert [p.name for p in (tmp_path / "built").iterdir()] == [folder.name]    # no half-built folder left


def test_an_unexpected_front_end_is_served_unchanged(tmp_path):
    assert front_end.build(a_front_end(tmp_path / "no_head", "<html><body>x</body></html>"),
                           tmp_path / "b1", PAGE_PATHS) is None
    missing = a_front_end(tmp_path / "no_chunk")
    (missing / "static" / "js" / "PlotlyChart.D9Z0_fx-z.js").unlink()
    assert front_end.build(missing, tmp_path / "b2", PAGE_PATHS) is None
    assert not (tmp_path / "b1").exists() and not (tmp_path / "b2").exists()
    no_table = a_front_end(tmp_path / "no_table")
    (no_table / "static" / "js" / "DataFrame.-f9-1zS0.js").unlink()
    built = front_end.build(no_table, tmp_path / "b3", PAGE_PATHS)         # the chart library alone
    assert built is not None and '"table": null' in (built / "index.html").read_text()


def test_installed_streamlit_has_the_layout_the_front_end_expects(tmp_path, monkeypatch):
    """The real package (a Streamlit upgrade that renames its chart or table chunk shows up here)."""
    monkeypatch.setattr(file_util, "get_static_dir", file_util.get_static_dir)
    folder = front_end.install(tmp_path, server.page_paths())
    assert folder is not None, f"Streamlit {streamlit.__version__}: no single PlotlyChart chunk or no </head>"
    assert file_util.get_static_dir() == str(folder)
    assert os.path.realpath(folder / "static") == os.path.realpath(STREAMLIT_STATIC / "static")
    config = (folder / "index.html").read_text()
    assert front_end.chunk(STREAMLIT_STATIC, front_end.TABLE_CHUNK) in config and '"profil_wilayah"' in config


def test_the_pages_that_show_a_table_are_found_in_their_source():
    paths = server.page_paths()
    assert paths["profil_wilayah"] and paths["kelompok"] and not paths["ringkasan"] and not paths["peta"]


def test_a_data_folder_that_cannot_be_written_leaves_streamlits_own_files(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(file_util, "get_static_dir", file_util.get_static_dir)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert front_end.install(blocked / "front_end", PAGE_PATHS) is None
    assert file_util.get_static_dir() == str(STREAMLIT_STATIC)
    assert "front-end folder not made" in capsys.readouterr().err
