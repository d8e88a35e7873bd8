"""The command line: help, status, and one-line errors with a non-zero exit."""
from __future__ import annotations

import os
import subprocess
import sys

from analytics.config import ROOT


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("demo", "status"):
        assert command in out.stdout


def test_status_reports_counts_latest_month_and_synthetic(tiny_demo):
    out = run("status", "--db", str(tiny_demo))
    assert out.returncode == 0, out.stderr
    assert "SYNTHETIC" in out.stdout
    assert "latest income month: 2026-10" in out.stdout
    assert any(line.split()[0] == "regencies" and line.split()[1] == "514" for line in out.stdout.splitlines()[4:])


def test_status_honours_kube_db_environment(tiny_demo):
    out = run("status", env={"KUBE_DB": str(tiny_demo)})
    assert out.returncode == 0 and str(tiny_demo) in out.stdout


def test_unknown_scale_fails_cleanly(tmp_path):
    out = run("demo", "--scale", "galaxy", "--db", str(tmp_path / "x.duckdb"))
    assert out.returncode != 0 and "Traceback" not in out.stderr and "invalid choice" in out.stderr


def test_unwritable_path_fails_cleanly(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    target = "/proc/no/such/kube.duckdb" if os.geteuid() == 0 else str(locked / "kube.duckdb")
    out = run("demo", "--db", target)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: Cannot")


def test_missing_database_status_fails_cleanly(tmp_path):
    out = run("status", "--db", str(tmp_path / "absent.duckdb"))
    assert out.returncode == 2 and "analytics demo" in out.stderr and "Traceback" not in out.stderr


def test_briefing_command_writes_a_pdf_and_refuses_an_unknown_region(tiny_demo, tmp_path):
    out = run("briefing", "--region", "99.99", "--out", str(tmp_path / "x.pdf"), "--db", str(tiny_demo))
    assert out.returncode == 1 and "unknown region code '99.99'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "x.pdf").exists()
    from analytics.export.images import chromium_path
    if chromium_path() is None:
        return
    target = tmp_path / "briefing.pdf"
    out = run("briefing", "--region", "72.01", "--format", "pdf", "--out", str(target), "--db", str(tiny_demo))
    assert out.returncode == 0, out.stderr
    assert target.read_bytes()[:4] == b"%PDF" and "Kabupaten Banggai" in out.stdout


def test_impact_validate_prints_the_published_values():
    out = run("impact", "--validate")
    assert out.returncode == 0, out.stderr
    assert "-0.0105 -0.0704 -0.1373 -0.1008" in out.stdout and "dynamic aggregation -0.0772" in out.stdout
