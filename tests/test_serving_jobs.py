"""Imports go through the one writer, from the page and from the command line, with or
without a writer process running; a dashboard never writes."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from streamlit.testing.v1 import AppTest

from analytics.config import ROOT
from analytics.serving import jobs, tasks
from analytics.serving.layout import Store
from tests.serving_fixtures import count, digest, store_from

APP = str(ROOT / "dashboard.py")
CSV = "anggota,bulan,pendapatan\nAGT-0000002,2026-11,1750000\n"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


def test_the_command_line_runs_its_job_itself_when_no_writer_runs(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    (tmp_path / "nov.csv").write_text(CSV)
    out = cli("import", str(tmp_path / "nov.csv"), "--kind", "income", "--db", str(store.link))
    assert out.returncode == 0, out.stderr
    assert "as batch 2: 1 new rows" in out.stdout and "published as version 1" in out.stdout
    job = jobs.all_jobs(store)[-1]
    assert job.writer_pid != os.getpid() and job.state == jobs.PUBLISHED and job.payload is None


def test_the_command_line_queues_for_a_running_writer_and_waits(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    writer = subprocess.Popen([sys.executable, "-m", "analytics", "writer", "--db", str(store.link)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert "writer: running" in writer.stdout.readline()
        (tmp_path / "nov.csv").write_text(CSV)
        out = cli("import", str(tmp_path / "nov.csv"), "--kind", "income", "--db", str(store.link))
        assert out.returncode == 0, out.stderr
        assert jobs.all_jobs(store)[-1].writer_pid == writer.pid
        status = cli("status", "--db", str(store.link))
        assert f"writer: running (pid {writer.pid})" in status.stdout and "published version: 1" in status.stdout
    finally:
        writer.terminate()
        writer.wait(timeout=30)


def _import_script() -> None:
    """What the Impor Data page does with a checked file (AppTest loses a page's button clicks:
    each of its runs starts in Streamlit's legacy pages mode, which the frame reruns)."""
    import os
    from pathlib import Path

    import streamlit as st

    from analytics.ui import jobs as ui_jobs

    path = Path(os.environ["KUBE_DB"])
    if st.button("Simpan", key="store"):
        ui_jobs.submit_import(path, os.environ["KUBE_TEST_CSV"].encode(), "nov.csv", "income", False)
        st.rerun()
    ui_jobs.status(path, "id", {"row": "baris"})


def _until_final(at: AppTest, store: Store) -> AppTest:
    deadline = time.monotonic() + 120
    while not all(j.final for j in jobs.all_jobs(store)):
        assert time.monotonic() < deadline, "the job did not end"
        time.sleep(0.2)
    return at.run()


def test_the_page_hands_the_file_to_the_writer_returns_at_once_and_shows_it_published(tiny_demo, tmp_path,
                                                                                      monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    monkeypatch.setenv("KUBE_DB", str(store.link))
    monkeypatch.setenv("KUBE_TEST_CSV", CSV)
    at = AppTest.from_function(_import_script, default_timeout=30).run()
    at.button(key="store").click().run()                    # returns at once: the job is queued
    assert not at.exception and len(jobs.all_jobs(store)) == 1
    at = _until_final(at, store)
    assert not at.exception
    done = "\n".join(s.value for s in at.success)
    assert "batch 2" in done and "versi data 1" in done
    assert count(store.link, "SELECT count(*) FROM member_income WHERE month = DATE '2026-11-01'") == 1


def test_a_failed_job_shows_its_message_and_the_published_version_stays(tiny_demo, tmp_path, monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    before = digest(store.link)
    monkeypatch.setenv("KUBE_DB", str(store.link))
    monkeypatch.setenv("KUBE_TEST_CSV", CSV)

    def broken(ctx):
        raise RuntimeError("the store step broke")

    monkeypatch.setitem(tasks.TASKS, "import", tasks.Task(jobs.STORING, broken))
    at = AppTest.from_function(_import_script, default_timeout=30).run()
    at.button(key="store").click().run()
    at = _until_final(at, store)
    assert not at.exception
    shown = "\n".join(e.value for e in at.error)
    assert "Gagal" in shown and "the store step broke" in shown
    assert digest(store.link) == before and not store.is_versioned()
    assert at.button(key=f"rerun_{jobs.all_jobs(store)[-1].id}")      # the file is kept to run it again


def test_dashboards_never_write_and_never_refresh(tiny_demo, tmp_path, monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    before = digest(store.link)
    monkeypatch.setenv("KUBE_DB", str(store.link))
    from analytics.metrics import refresh as refresh_module

    def refused(*args, **kwargs):
        raise AssertionError("a reader started a refresh")

    monkeypatch.setattr(refresh_module, "refresh", refused)
    monkeypatch.setattr(refresh_module, "ensure_fresh", refused)
    for page in ("pages/ringkasan.py", "pages/peta.py", "pages/kualitas.py", "pages/dampak.py"):
        at = AppTest.from_file(APP, default_timeout=120).run()
        if page != "pages/ringkasan.py":
            at.switch_page(page).run()
        assert not at.exception, page
    assert digest(store.link) == before and not store.versions.exists()
