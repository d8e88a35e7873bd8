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
