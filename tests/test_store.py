"""Schema creation, migration of an older database in place, locks, identifier quoting."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest

from analytics.store import (LATEST_VERSION, StoreError, connect, migrate, open_store, quote_ident,
                             schema_version, table_counts)

ENTITIES = {"provinces", "regencies", "poverty_lines", "minimum_wages", "facilitators", "kube", "members",
            "member_income", "kube_business", "value_chains", "value_chain_stages", "offtakers", "orders",
            "sales", "import_batches", "audit_log", "meta", "planted_effect"}


def test_fresh_database_gets_every_table(tmp_path):
    con = open_store(tmp_path / "new.duckdb")
    assert schema_version(con) == LATEST_VERSION
    assert ENTITIES <= set(table_counts(con))


def test_older_database_is_upgraded_in_place_keeping_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    assert migrate(con, target=1) == 1
    con.execute("INSERT INTO members VALUES (1, 'AGT-1', 1, DATE '2020-01-01', NULL, 4, 'P', NULL, NULL)")
    con.execute("INSERT INTO member_income VALUES (1, DATE '2020-02-01', 2000000, DATE '2020-03-05', NULL)")
    con.close()

    con = open_store(path)
    assert schema_version(con) == LATEST_VERSION
    assert con.execute("SELECT income_rupiah, household_size FROM member_income").fetchall() == [(2000000, None)]
    assert con.execute("SELECT pseudonym FROM members").fetchall() == [("AGT-1",)]
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_migrating_twice_changes_nothing(tmp_path):
    con = open_store(tmp_path / "x.duckdb")
    assert migrate(con) == LATEST_VERSION
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == LATEST_VERSION


def test_read_only_open_of_old_schema_asks_for_upgrade(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    migrate(con, target=1)
    con.close()
    with pytest.raises(StoreError, match="schema version 1"):
        open_store(path, read_only=True)


def test_missing_database_read_only_says_how_to_create_one(tmp_path):
    with pytest.raises(StoreError, match="analytics demo"):
        connect(tmp_path / "absent.duckdb", read_only=True)


def test_database_held_by_another_process_gives_clear_error(tmp_path):
    path = tmp_path / "held.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print('ready', flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            connect(path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


@pytest.mark.parametrize("bad", ["a b", "x;DROP TABLE y", '"q"', "1abc", ""])
def test_quote_ident_rejects_anything_but_plain_names(bad):
    with pytest.raises(ValueError):
        quote_ident(bad)


def test_quote_ident_quotes_plain_names():
    assert quote_ident("member_income") == '"member_income"'
