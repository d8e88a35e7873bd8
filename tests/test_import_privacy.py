"""No clear NIK anywhere, whatever column it was typed into; the NIK key checked by fingerprint."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from analytics.config import ROOT
from analytics.ingest import nik
from analytics.ingest.layout import display_table
from analytics.ingest.privacy import scrub
from analytics.ingest.read import ReportFileError, read_bytes
from tests.import_helpers import NIK_A, NIK_B, run, store, table, workbook


@pytest.fixture
def keyfile(tmp_path, monkeypatch):
    monkeypatch.delenv("KUBE_NIK_KEY", raising=False)
    path = tmp_path / "secrets" / "nik.key"
    monkeypatch.setenv("KUBE_NIK_KEY_FILE", str(path))
    return path


@pytest.fixture
def fx(tmp_path, keyfile):
    f = store(tmp_path)
    yield f
    f.con.close()


def everything_stored(con) -> str:
    return "\n".join(str(r) for t in ("members", "audit_log", "import_rejections", "import_attempts", "import_batches",
                                      "meta") for r in table(con, t))


@pytest.mark.parametrize("text", [NIK_A, "7201 0141 0790 0003", "7201.0141.0790.0003", "x7201014107900003y"])
def test_scrub_masks_any_long_digit_run(text):
    assert NIK_A not in scrub(text).replace(" ", "").replace(".", "") and "7201********0003" in scrub(text)


def test_a_nik_in_the_member_column_is_masked_everywhere(fx, tmp_path):
    text = f"anggota,bulan,pendapatan,catatan\n{NIK_A},2020-03,510000,KK {NIK_B}\nAGT-404,2020-03,510000,\n"
    result = run(fx, "income", text)
    assert "member column holds a NIK" in result.rejected["reason"].iloc[0]
    assert NIK_A not in result.rejected.to_string() and "7201********0003" in result.rejected.to_string()
    run(fx, "income", text, name="again.csv")          # logs the refused attempt
    assert NIK_A not in everything_stored(fx.con) and NIK_B not in everything_stored(fx.con)


def test_a_nik_in_any_other_column_or_the_file_name_is_masked(fx):
    text = f"kode_kube,nama,wilayah,tanggal_bentuk,komoditas,jenis_usaha\n70,Ketua {NIK_A},Atlantis,2021-07-15,kopi,x\n"
    result = run(fx, "groups", text, name=f"laporan_{NIK_B}.csv")
    assert not result.ok
    assert NIK_A not in everything_stored(fx.con) and NIK_B not in everything_stored(fx.con)


def test_previews_never_show_a_clear_nik(fx):
    data = workbook({"S": [["nama", "nik", "anggota"], ["Siti", NIK_A, NIK_B]]}, text_columns={"S": "BC"})
    shown = read_bytes(data, "x.xlsx")
    assert NIK_A not in shown.to_string() and NIK_B not in shown.to_string()
    assert "7201********0003" in shown.to_string()
    assert NIK_A not in display_table(f"nik;x\n{NIK_A};{NIK_B}\n".encode(), "x.csv").to_string()


def test_error_texts_never_hold_a_clear_nik(fx):
    with pytest.raises(ReportFileError) as error:
        run(fx, "income", f"{NIK_A},bulan\nx,y\n")
    assert NIK_A not in str(error.value)


def test_the_command_line_never_prints_a_clear_nik(fx, tmp_path, keyfile):
    path = tmp_path / "laporan.csv"
    path.write_text(f"anggota,bulan,pendapatan\n{NIK_A},2020-03,510000\n")
    db = fx.con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0]
    fx.con.close()
    report = tmp_path / "ditolak.csv"
    out = subprocess.run([sys.executable, "-m", "analytics", "import", str(path), "--kind", "income", "--db", db,
                          "--report", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "KUBE_NIK_KEY_FILE": str(keyfile)})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert NIK_A not in out.stdout + out.stderr + report.read_text(encoding="utf-8-sig")
    assert "7201********0003" in out.stdout


MEMBERS = f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_A},1,2020-02-01,4\n"


def test_the_first_members_import_creates_the_key_and_records_its_fingerprint(fx, keyfile):
    assert not keyfile.exists()
    dry = run(fx, "members", MEMBERS, dry_run=True)
    assert dry.ok and not keyfile.exists() and any("NIK key" in n for n in dry.notices)
    assert run(fx, "members", MEMBERS).ok
    assert keyfile.exists() and oct(keyfile.stat().st_mode)[-3:] == "600"
    stored = fx.con.execute("SELECT value FROM meta WHERE key = 'nik_key_fingerprint'").fetchall()[0][0]
    assert stored == nik.fingerprint(keyfile.read_text().encode())


def test_a_missing_key_is_refused_not_recreated(fx, keyfile):
    assert run(fx, "members", MEMBERS).ok
    keyfile.unlink()
    before = table(fx.con, "members")
    with pytest.raises(ReportFileError, match="Kunci NIK tidak ditemukan.*key is missing"):
        run(fx, "members", f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_B},1,2020-02-01,4\n", name="b.csv")
    with pytest.raises(ReportFileError, match="key is missing"):
        run(fx, "income", f"nik,bulan,pendapatan\n{NIK_A},2020-03,510000\n", name="i.csv")
    assert table(fx.con, "members") == before and not keyfile.exists()


def test_a_different_key_is_refused(fx, keyfile, monkeypatch):
    assert run(fx, "members", MEMBERS).ok
    monkeypatch.setenv("KUBE_NIK_KEY", "another-key")
    with pytest.raises(ReportFileError, match="bukan kunci basis data ini.*not this database's key"):
        run(fx, "members", f"nik,kode_kube,tanggal_gabung,jumlah_art\n{NIK_B},1,2020-02-01,4\n", name="b.csv")


def test_an_older_database_with_hashes_adopts_the_key_in_use(fx, keyfile):
    nik.save_key(b"old-key")
    fx.con.execute("UPDATE members SET nik_hash = ? WHERE member_id = 1", [nik.digest(NIK_A, b"old-key")])
    result = run(fx, "income", f"nik,bulan,pendapatan\n{NIK_A},2020-03,510000\n")
    assert result.ok, result.rejected
    assert fx.con.execute("SELECT value FROM meta WHERE key = 'nik_key_fingerprint'").fetchall() == \
        [(nik.fingerprint(b"old-key"),)]
