"""Published versions: the writer publishes whole versions atomically, readers keep the one
they hold, old versions go once nobody holds them, and failures leave the published version be."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analytics.config import ROOT
from analytics.serving import jobs, tasks, versions
from analytics.serving.reader import Reader
from analytics.serving.writer import submit_and_wait
from tests.serving_fixtures import count, digest, store_from

INCOME = "SELECT count(*) FROM member_income"


def test_a_plain_file_serves_until_the_first_job_publishes_version_1(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    assert not store.is_versioned() and store.current() == store.link.resolve()
    handle = Reader().current(store)
    assert handle.info.number is None
    job = submit_and_wait(store, "refresh")
    assert job.state == jobs.PUBLISHED and job.version == 1, job.message
    assert store.is_versioned() and store.current() == store.version_file(1).resolve()
    assert os.readlink(store.link) == "kube.versions/v000001.duckdb"      # relative: the folder can move
    assert handle.cursor().execute(INCOME).fetchall()[0][0] == count(store.link, INCOME)


def test_nothing_opens_a_published_version_for_writing(tiny_demo, tmp_path):
    from analytics.store import StoreError, open_store

    store = store_from(tiny_demo, tmp_path / "s")
    submit_and_wait(store, "refresh")
    with pytest.raises(StoreError, match="published version, which is read-only"):
        open_store(store.link)
    open_store(store.link, read_only=True).close()


def test_a_reader_keeps_its_version_and_old_versions_go_once_nobody_holds_them(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    submit_and_wait(store, "refresh")
    reader = Reader()
    old = reader.current(store)
    cursor = old.cursor()
    before = cursor.execute(INCOME).fetchall()[0][0]
    csv = b"anggota,bulan,pendapatan\nAGT-0000001,2026-11,1500000\n"
    job = submit_and_wait(store, "import", {"file_name": "nov.csv", "kind": "income"}, payload=csv)
    assert job.state == jobs.PUBLISHED and job.version == 2, job.message
    assert cursor.execute(INCOME).fetchall()[0][0] == before              # still the whole old version
    assert reader.current(store).cursor().execute(INCOME).fetchall()[0][0] == before + 1
    assert store.numbers() == [1, 2]                                      # version 1 is still read
    del old, cursor, reader
    gc.collect()
    assert versions.collect_garbage(store) == [1] and store.numbers() == [2]


def test_a_failed_job_leaves_the_published_version_and_says_why(tiny_demo, tmp_path, monkeypatch):
    store = store_from(tiny_demo, tmp_path / "s")
    submit_and_wait(store, "refresh")
    published = digest(store.current())

    def broken(ctx):
        ctx.connect().execute("DELETE FROM member_income")               # half-way through...
        raise RuntimeError("the refresh broke")

    monkeypatch.setitem(tasks.TASKS, "refresh", tasks.Task(jobs.REFRESHING, broken))
    job = submit_and_wait(store, "refresh")
    assert job.state == jobs.FAILED and "the refresh broke" in job.message
    assert store.current_number() == 1 and digest(store.current()) == published
    assert count(store.link, INCOME) > 0
    assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]


def test_a_file_with_rejected_rows_fails_with_its_rows_and_publishes_nothing(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    job = submit_and_wait(store, "import", {"file_name": "x.csv", "kind": "income"},
                          payload=b"anggota,bulan,pendapatan\nAGT-9999999,2020-03,500000\n")
    assert job.state == jobs.FAILED and "1 rows rejected" in job.message
    assert jobs.attachment(store, job.id, "rejected.csv").read_text().count("AGT-9999999") == 1
    assert not store.is_versioned()
    # a refused file is not kept (an upload may hold NIKs in clear): the operator fixes it and sends it again
    assert job.payload is None and not list(store.jobs.glob(f"{job.id}.data"))


def test_an_import_refused_while_its_copy_is_made_leaves_no_copy_behind(tiny_demo, tmp_path, monkeypatch):
    """The working copy is made while the file is checked against the published version: a file
    refused by the check, or a copy the disk has no room for, ends the job with its reason and
    nothing left in the versions folder but the published versions."""
    store = store_from(tiny_demo, tmp_path / "s")
    assert submit_and_wait(store, "upgrade").state == jobs.PUBLISHED          # now versioned: v1
    published = digest(store.current())
    for payload in (b"this is not a report\x00\x01", b"anggota,bulan,pendapatan\nAGT-9999999,2020-03,500000\n"):
        job = submit_and_wait(store, "import", {"file_name": "x.csv", "kind": "income"}, payload=payload)
        assert job.state == jobs.FAILED and job.message
        assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]
    monkeypatch.setenv("KUBE_MIN_FREE_MB", str(10**9))                        # no disk has that much room
    job = submit_and_wait(store, "import", {"file_name": "y.csv", "kind": "income"},
                          payload=b"anggota,bulan,pendapatan\nAGT-0000002,2026-11,1750000\n")
    assert job.state == jobs.FAILED and "MiB free" in job.message
    assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]
    assert digest(store.current()) == published and store.current_number() == 1


@pytest.fixture
def small_disk(tmp_path, tiny_demo):
    """A tmpfs with room for the database and one copy, and little more (root may mount)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = 2 * tiny_demo.stat().st_size + 2 * 2**20
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_a_job_says_so_and_the_published_version_still_serves(tiny_demo, small_disk, monkeypatch):
    store = store_from(tiny_demo, small_disk / "s")
    published = digest(store.current())
    monkeypatch.setenv("KUBE_MIN_FREE_MB", "0")            # let the job start; the refresh fills the disk
    job = submit_and_wait(store, "refresh")
    assert job.state == jobs.FAILED
    assert "Disk penuh" in job.message and "Disk full" in job.message and "still serves" in job.message
    assert digest(store.current()) == published and count(store.link, INCOME) > 0
    assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]
    monkeypatch.setenv("KUBE_MIN_FREE_MB", "256")          # the check before copying refuses at once
    job = submit_and_wait(store, "refresh")
    assert job.state == jobs.FAILED and "MiB free" in job.message


def _writer(store) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "writer", "--db", str(store.link)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert "writer: running" in proc.stdout.readline()
    return proc


def test_killing_the_writer_mid_job_loses_nothing_published_and_the_job_can_be_rerun(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    submit_and_wait(store, "refresh")
    published = digest(store.current())
    writer = _writer(store)
    try:
        job = jobs.submit(store, "refresh")
        deadline = time.monotonic() + 60
        while jobs.load(store, job.id).state not in (jobs.STORING, jobs.REFRESHING):
            assert time.monotonic() < deadline, "the writer never started the job"
            time.sleep(0.005)
        writer.kill()                                      # SIGKILL: no chance to tidy up
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert jobs.load(store, job.id).state == jobs.REFRESHING
    assert store.current_number() == 1 and digest(store.current()) == published
    assert count(store.link, INCOME) > 0                   # the published version serves
    out = subprocess.run([sys.executable, "-m", "analytics", "jobs", "rerun", job.id, "--db", str(store.link)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "published" in out.stdout, out.stdout + out.stderr
    interrupted = jobs.load(store, job.id)
    assert interrupted.state == jobs.FAILED and "stopped during this job" in interrupted.message
    assert store.current_number() == 2
    assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]


def test_stopping_the_writer_stops_its_job_and_keeps_the_published_version(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    submit_and_wait(store, "refresh")
    published = digest(store.current())
    writer = _writer(store)
    job = jobs.submit(store, "refresh")
    deadline = time.monotonic() + 60
    while jobs.load(store, job.id).state != jobs.REFRESHING:
        assert time.monotonic() < deadline, "the writer never started the job"
        time.sleep(0.005)
    time.sleep(0.3)
    writer.terminate()                                     # what `make stop` sends
    assert writer.wait(timeout=60) == 0
    stopped = jobs.load(store, job.id)
    assert stopped.state == jobs.FAILED and "Stopped" in stopped.message
    assert store.current_number() == 1 and digest(store.current()) == published
    assert not [p for p in store.versions.iterdir() if p.name.startswith(versions.WORK_PREFIX)]
