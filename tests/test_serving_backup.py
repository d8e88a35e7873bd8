"""`backup DEST` and `restore`: the published version with its NIK key comes back whole in a new
folder: every table's row count and a member's status history are the same."""
from __future__ import annotations

import subprocess
import sys

from analytics.config import ROOT
from analytics.serving.layout import Store
from analytics.serving.reader import attach_read_only
from analytics.serving.writer import submit_and_wait
from analytics.store import table_counts
from tests.serving_fixtures import store_from

HISTORY = """SELECT month, status FROM mart_member_month m JOIN members USING (member_id)
             WHERE pseudonym = 'AGT-0000007' AND m.params_key = (SELECT min(params_key) FROM mart_refresh)
             ORDER BY month"""


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180, env={**os.environ, **(env or {})})


def snapshot(store: Store) -> tuple[dict, list]:
    con = attach_read_only(store.current())
    try:
        return table_counts(con), con.execute(HISTORY).fetchall()
    finally:
        con.close()


def test_a_backup_restored_into_a_new_folder_has_the_same_rows_and_history(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    job = submit_and_wait(store, "import", {"file_name": "nov.csv", "kind": "income"},
                          payload=b"anggota,bulan,pendapatan\nAGT-0000007,2026-11,1900000\n")
    assert job.version == 1
    key = {"KUBE_NIK_KEY": "kunci-uji-0123456789"}
    out = cli("backup", str(tmp_path / "backup"), "--db", str(store.link), env=key)
    assert out.returncode == 0 and "version 1" in out.stdout, out.stderr
    assert (tmp_path / "backup" / "secrets" / "nik.key").read_text() == key["KUBE_NIK_KEY"]
    again = cli("backup", str(tmp_path / "backup"), "--db", str(store.link))
    assert again.returncode == 2 and "not empty" in again.stderr

    restored = Store(tmp_path / "elsewhere" / "kube.duckdb")
    out = cli("restore", str(tmp_path / "backup"), "--db", str(restored.link))
    assert out.returncode == 0, out.stderr
    counts, history = snapshot(store)
    assert snapshot(restored) == (counts, history)
    assert counts["member_income"] > 0 and len(history) > 12 and history[-1][0].isoformat() == "2026-11-01"
    assert (tmp_path / "elsewhere" / "secrets" / "nik.key").read_text() == key["KUBE_NIK_KEY"]
    assert restored.is_versioned() and restored.current_number() == 1

    (tmp_path / "backup" / "kube.duckdb").write_bytes(b"damaged")
    out = cli("restore", str(tmp_path / "backup"), "--db", str(tmp_path / "third" / "kube.duckdb"))
    assert out.returncode == 2 and "damaged" in out.stderr and "Traceback" not in out.stderr
