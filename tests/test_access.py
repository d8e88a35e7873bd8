"""The access layer without a browser: scopes, roles, claims, accounts, private files, the audit
trail, the import scope check, the query guard."""
from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone

import duckdb
import pandas as pd
import pytest
from argon2 import PasswordHasher

from analytics.access import admin, audit, guard
from analytics.access.accounts import AccountError, AccountStore
from analytics.access.identity import ClaimMapping, from_claims
from analytics.access.imports import outside_scope
from analytics.access.private import create_private, secret_file, write_private
from analytics.access.provider import Secrets, login_labels
from analytics.access.roles import Permission, Role, pages
from analytics.access.scope import Scope, ScopeError
from tests.access_users import claims

P = Permission


# Scopes ----------------------------------------------------------------------------------------

def test_a_scope_holds_what_lies_inside_it_and_nothing_else():
    sulteng = Scope.of("72")
    assert sulteng.contains("72") and sulteng.contains("72.01") and not sulteng.contains("73.01")
    assert not sulteng.contains("00") and not sulteng.contains(None)     # no national figures
    banggai = Scope.of(["72.01", "73.71"])
    assert banggai.contains("72.01") and not banggai.contains("72") and not banggai.contains("72.02")
    assert banggai.touches("72") and banggai.touches("73") and not banggai.touches("74")
    assert Scope.nation().contains("00") and Scope.nation().contains("91.01")
    assert Scope.of("72, 72.01").codes() == ["72"]          # a regency inside a listed province folds in
    assert Scope.of("00,72").national
    assert Scope.none().empty and not Scope.none().contains("72")


def test_a_scope_refuses_what_is_not_a_region_code():
    for bad in ("72a", "7", "72.1", "Sulawesi", "'; DROP TABLE kube"):
        with pytest.raises(ScopeError):
            Scope.of(bad)


def test_a_scope_turns_into_what_the_sql_needs():
    scope = Scope.of("72, 73.71")
    assert scope.touched_provinces() == ["72", "73"]
    assert scope.sql() == {"scope_national": False, "scope_provinces": ["72"], "scope_regencies": ["73.71"]}
    assert Scope.nation().touched_provinces() is None
    assert Scope.nation().sql()["scope_national"] is True


def test_a_scope_filters_rows_by_their_region_column():
    frame = pd.DataFrame({"region_code": ["00", "72", "72.01", "73", "73.71", "73.02"], "x": range(6)})
    assert Scope.of("72, 73.71").filter_frame(frame)["region_code"].tolist() == ["72", "72.01", "73.71"]
    assert Scope.of("72").filter_frame(pd.DataFrame({"x": [1]})).empty          # no region column: nothing
    assert len(Scope.nation().filter_frame(frame)) == 6


def test_covers_is_what_an_admin_may_grant():
    assert Scope.of("72").covers(Scope.of("72.01"))
    assert not Scope.of("72.01").covers(Scope.of("72"))
    assert not Scope.of("72").covers(Scope.nation())
    assert Scope.nation().covers(Scope.of("72, 91.01"))


# Roles and claims ---------------------------------------------------------------------------------

def test_pages_and_downloads_follow_the_roles():
    assert "impor" not in pages([Role.VIEWER]) and "kualitas" not in pages([Role.ANALYST])
    assert {"impor", "kualitas"} <= set(pages([Role.OPERATOR]))
    assert set(pages([Role.ADMIN])) == {"admin_akun", "admin_audit", "metodologi"}
    viewer = from_claims(claims("viewer", "72"), ClaimMapping())
    assert viewer.can(P.CHART_IMAGES) and not viewer.can(P.TABLE_DOWNLOADS) and not viewer.can(P.MEMBER_ROWS)
    analyst = from_claims(claims("analyst", "72"), ClaimMapping())
    assert analyst.can(P.TABLE_DOWNLOADS) and analyst.can(P.MEMBER_ROWS) and not analyst.can(P.IMPORT)
    both = from_claims(claims(["operator", "analyst"], "72"), ClaimMapping())
    assert both.can(P.IMPORT) and both.can(P.TABLE_DOWNLOADS)             # the union of the roles


def test_no_role_or_no_scope_means_no_data():
    mapping = ClaimMapping()
    assert from_claims(claims("superuser", "72"), mapping).pages() == []    # unknown role: ignored
    assert from_claims(claims("viewer", []), mapping).pages() == []          # no scope: no data page
    assert from_claims(claims("viewer", "Sulawesi"), mapping).pages() == []  # malformed scope grants nothing
    assert from_claims({"is_logged_in": True}, mapping) is None              # no subject: nobody


def test_pusat_always_covers_the_nation():
    assert from_claims(claims("pusat", "72"), ClaimMapping()).scope.national


def test_groups_of_a_ministry_sso_map_to_roles_and_scopes():
    mapping = ClaimMapping.from_config({"groups_claim": "groups", "roles_claim": "none",
                                        "group_roles": {"kube-analis": ["analyst"], "kube-pusat": "pusat"},
                                        "group_scopes": {"dinsos-sulteng": ["72"]}})
    person = from_claims({"sub": "x", "groups": ["dinsos-sulteng", "kube-analis", "other"], "iat": 1}, mapping)
    assert person.roles == {Role.ANALYST} and person.scope == Scope.of("72")
    boss = from_claims({"sub": "y", "groups": "kube-pusat", "iat": 1}, mapping)
    assert boss.scope.national and boss.roles == {Role.PUSAT}


def test_a_session_expires_after_its_minutes_and_without_an_issue_time():
    now = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    fresh = from_claims(claims("viewer", "72", issued_at=(now - timedelta(minutes=10)).timestamp()), ClaimMapping())
    old = from_claims(claims("viewer", "72", issued_at=(now - timedelta(minutes=481)).timestamp()), ClaimMapping())
    assert not fresh.expired(480, now) and old.expired(480, now)
    none = from_claims({k: v for k, v in claims("viewer", "72").items() if k != "iat"}, ClaimMapping())
    assert none.expired(480, now)
    with pytest.raises(ValueError):
        ClaimMapping.from_config({"session_minutes": 0})


# Accounts and private files ---------------------------------------------------------------------------

def test_accounts_keep_argon2id_hashes_in_a_private_file(tmp_path):
    store = AccountStore(tmp_path / "identity" / "accounts.json")
    password = store.add("budi", "Budi Santoso", ["viewer"], "72")
    text = store.path.read_text()
    assert password not in text and "$argon2id$" in text
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert PasswordHasher().verify(json.loads(text)["accounts"]["budi"]["password"], password)
    assert store.verify("budi", password).scope == ["72"]
    assert store.verify("budi", password + "x") is None
    store.set_disabled("budi", True)
    assert store.verify("budi", password) is None
    new = store.reset_password("budi")
    store.set_disabled("budi", False)
    assert new != password and store.verify("budi", new) and store.verify("budi", password) is None


def test_accounts_refuse_bad_names_roles_and_scopes(tmp_path):
    store = AccountStore(tmp_path / "a.json")
    for kwargs in ({"username": "Budi"}, {"roles": ["boss"]}, {"roles": []}, {"scope": ""}, {"scope": "72x"},
                   {"roles": ["pusat"], "scope": "72"}):
        args = {"username": "budi", "name": "B", "roles": ["viewer"], "scope": "72", **kwargs}
        with pytest.raises(AccountError):
            store.add(**args)
    store.add("budi", "B", ["viewer"], "72")
    with pytest.raises(AccountError):
        store.add("budi", "B", ["viewer"], "72")


def test_admin_grants_no_region_wider_than_its_own_and_only_real_codes(tmp_path):
    store = AccountStore(tmp_path / "a.json")
    admin.add(store, "boss", Scope.of("72"), "sari", "Sari", ["viewer"], "72.01")
    with pytest.raises(AccountError) as wider:
        admin.add(store, "boss", Scope.of("72"), "joko", "Joko", ["viewer"], "73")
    assert wider.value.label == "admin.wider_scope"
    with pytest.raises(AccountError) as unknown:
        admin.add(store, "boss", Scope.nation(), "joko", "Joko", ["viewer"], "99.99")
    assert unknown.value.label == "admin.unknown_region"
    with pytest.raises(AccountError):
        admin.set_disabled(store, "sari", Scope.nation(), "sari", True)        # not one's own account
    assert [a.username for a in admin.visible(store, Scope.of("73"))] == []


def test_private_files_are_created_600_and_never_taken_over(tmp_path):
    path = tmp_path / "s" / "secret"
    assert create_private(path, "one") and not create_private(path, "two")
    assert path.read_text() == "one" and stat.S_IMODE(path.stat().st_mode) == 0o600
    write_private(path, "three")
    assert path.read_text() == "three" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_file(tmp_path / "s" / "k") == secret_file(tmp_path / "s" / "k")


def test_provider_secrets_are_generated_once_and_refused_when_widened(tmp_path):
    first = Secrets.ensure(tmp_path)
    assert Secrets.ensure(tmp_path) == first
    assert first.jwks["keys"][0]["kty"] == "RSA" and "d" in first.jwks["keys"][0]
    assert len(first.cookie_secret) >= 32 and first.cookie_secret != first.client_secret
    os.chmod(tmp_path / "cookie-secret", 0o644)
    with pytest.raises(PermissionError):
        Secrets.ensure(tmp_path)


def test_the_login_page_labels_come_from_the_catalogue_in_both_languages():
    labels = login_labels()
    assert labels["id"]["submit"] == "Masuk" and labels["en"]["submit"] == "Log in"
    assert set(labels["id"]) == set(labels["en"])


# Audit trail ------------------------------------------------------------------------------------------

def test_audit_events_are_append_only_and_hold_no_nik_or_password(tmp_path):
    path = tmp_path / "audit.sqlite3"
    audit.record("export", "budi", page="kelompok", region="72", path=path,
                 detail={"file": "anggota_7201014107900003.csv", "password": "rahasia", "nik": "7201014107900003"})
    audit.record("login_failed", None, detail={"reason": "wrong_password"}, source="provider", path=path)
    text = path.read_bytes().decode("latin-1")
    assert "7201014107900003" not in text and "rahasia" not in text
    con = sqlite3.connect(path, isolation_level=None)
    for sql in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute(sql)
    assert con.execute("SELECT count(*) FROM audit_events").fetchone()[0] == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(ValueError):
        audit.record("anything", "budi", path=path)


def test_audit_filters_by_user_action_region_and_date(tmp_path):
    path = tmp_path / "audit.sqlite3"
    day = datetime(2026, 3, 10, 8, tzinfo=timezone.utc)
    audit.record("view", "budi", page="peta", region="72.01", at=day, path=path)
    audit.record("view", "sari", page="peta", region="73", at=day + timedelta(days=2), path=path)
    audit.record("export", "budi", region="72", at=day + timedelta(days=5), path=path)
    def who(**q):
        return [(e["actor"], e["action"]) for e in audit.events(audit.Query(**q), path=path)]
    assert who(actor="budi") == [("budi", "export"), ("budi", "view")]
    assert who(actions=("export",)) == [("budi", "export")]
    assert who(region="72") == [("budi", "export"), ("budi", "view")]      # 72.01 lies inside 72
    assert who(start=day.date() + timedelta(days=1), end=day.date() + timedelta(days=2)) == [("sari", "view")]
    csv_text = audit.csv_text(audit.events(path=path))
    assert csv_text.splitlines()[0].split(",") == list(audit.COLUMNS) and len(csv_text.splitlines()) == 4


def test_prune_removes_only_old_events_and_records_that_it_did(tmp_path):
    path = tmp_path / "audit.sqlite3"
    audit.record("view", "budi", at=datetime.now(timezone.utc) - timedelta(days=800), path=path)
    audit.record("view", "sari", path=path)
    archive = tmp_path / "old.csv"
    assert audit.prune(730, archive, actor="cli:root", path=path) == 1
    assert [e["action"] for e in audit.events(path=path)] == ["audit_pruned", "view"]
    assert "budi" in archive.read_text()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path, isolation_level=None).execute("DELETE FROM audit_events")   # the guard is back
    with pytest.raises(ValueError):
        audit.prune(7, path=path)


# Import scope and the query guard -------------------------------------------------------------------

@pytest.fixture(scope="module")
def con(tiny_demo, tmp_path_factory):
    import shutil
    path = tmp_path_factory.mktemp("access") / "db.duckdb"
    shutil.copy(tiny_demo, path)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def groups_in(con, province: str, n: int = 2) -> list[int]:
    return [r[0] for r in con.execute("SELECT kube_id FROM kube WHERE left(regency_code, 2) = ? ORDER BY 1 LIMIT ?",
                                      [province, n]).fetchall()]


def test_an_import_row_outside_the_scope_is_named_and_refused(con):
    inside, other = groups_in(con, "72"), groups_in(con, "73", 1)
    rows = pd.DataFrame({"kube_id": [*inside, *other], "month": pd.Timestamp("2026-01-01")}, index=[2, 3, 4])
    problems = outside_scope(con, "business", rows, Scope.of("72"))
    assert problems["row"].tolist() == [4] and problems["column"].tolist() == ["kode_kube"]
    assert problems["value"].tolist() == [str(other[0])] and "73." in problems["reason"].iloc[0]
    assert outside_scope(con, "business", rows, Scope.nation()).empty
    assert outside_scope(con, "business", rows.loc[[2, 3]], Scope.of("72")).empty


def test_a_group_cannot_be_moved_in_from_another_province(con):
    stolen = groups_in(con, "73", 1)[0]
    rows = pd.DataFrame({"kube_id": [stolen, 999_999], "regency_code": ["72.01", "73.71"]}, index=[2, 3])
    problems = outside_scope(con, "groups", rows, Scope.of("72"))
    assert problems["row"].tolist() == [2, 3]             # 2: stored in 73; 3: a new group in 73
    unknown = pd.DataFrame({"kube_id": [999_998]}, index=[5])
    assert outside_scope(con, "members", unknown, Scope.of("72"))["row"].tolist() == [5]   # unknown group: refused


def test_the_guard_refuses_national_queries_and_regions_outside_the_scope(con):
    viewer = frozenset({P.VIEW, P.CHART_IMAGES, P.REFERENCE})
    analyst = viewer | {P.MEMBER_ROWS}
    sulteng = Scope.of("72")
    assert guard.allowed(con, "groups_table", {"region": "72.01"}, sulteng, viewer)
    assert not guard.allowed(con, "groups_table", {"region": None}, sulteng, viewer)
    assert not guard.allowed(con, "groups_table", {"region": "73"}, sulteng, viewer)
    assert not guard.allowed(con, "chain_flows", {}, sulteng, viewer)
    assert guard.allowed(con, "chain_flows", {}, Scope.nation(), viewer)
    assert guard.allowed(con, "reference_tables", {}, sulteng, frozenset({P.REFERENCE}))
    assert not guard.allowed(con, "silent_groups", {"region": "72"}, sulteng, viewer)     # quality: operators
    own, other = groups_in(con, "72", 1)[0], groups_in(con, "73", 1)[0]
    assert not guard.allowed(con, "group_member_trajectories", {"kube_id": own}, sulteng, viewer)
    assert guard.allowed(con, "group_member_trajectories", {"kube_id": own}, sulteng, analyst)
    assert not guard.allowed(con, "group_member_trajectories", {"kube_id": other}, sulteng, analyst)
    assert not guard.allowed(con, "a_new_query", {"region": "72"}, Scope.nation(), analyst)   # unlisted: refused
