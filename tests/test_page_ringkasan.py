"""AppTest of the frame and the overview page (Ringkasan)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics.config import ROOT
from analytics.store import open_store

APP = str(ROOT / "dashboard.py")


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def counts(path) -> tuple[int, int]:
    with open_store(path, read_only=True) as con:   # the app reads it read-only too
        return con.execute("SELECT (SELECT count(*) FROM kube), (SELECT count(*) FROM members)").fetchone()


def test_overview_shows_national_counts_in_indonesian(tiny_demo, monkeypatch):
    monkeypatch.setenv("KUBE_DB", str(tiny_demo))
    groups, members = counts(tiny_demo)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert f"{members:,}".replace(",", ".") + " anggota terdaftar" in captions
    assert f"{groups:,}".replace(",", ".") + " kelompok" in captions
    assert "514 kabupaten/kota" in captions and "Oktober 2026" in captions
    assert "Kelompok masih aktif" in metric_values(at)
    assert any("DATA SINTETIS" in w.value for w in at.warning)


def test_language_switch_changes_labels(tiny_demo, monkeypatch):
    monkeypatch.setenv("KUBE_DB", str(tiny_demo))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    captions = "\n".join(c.value for c in at.caption)
    assert f"{counts(tiny_demo)[1]:,} registered members" in captions and "October 2026" in captions
    assert "Groups still alive" in metric_values(at)
    assert any("SYNTHETIC DATA" in w.value for w in at.warning)


def test_without_a_database_the_app_says_how_to_create_one(tmp_path, monkeypatch):
    monkeypatch.setenv("KUBE_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("absent.duckdb" in w.value for w in at.warning)
    assert any("analytics demo" in m.value for m in at.markdown)
