"""The demo generator: determinism, realistic shape, labelled synthetic, atomic writes."""
from __future__ import annotations

import duckdb
import pytest

from analytics.demo import generator
from analytics.store import StoreError, connect, is_synthetic, open_store


@pytest.fixture(scope="module")
def con(tiny_demo):
    c = duckdb.connect(str(tiny_demo), read_only=True)
    yield c
    c.close()


def q(con, sql):
    return con.execute(sql).fetchone()


def test_same_seed_same_database(tmp_path, tiny_demo, monkeypatch):
    monkeypatch.setitem(generator.SCALES, "demo", 300)
    again = tmp_path / "again.duckdb"
    generator.build_demo(again, "demo", seed=7, progress=lambda _: None)
    digest = ("SELECT count(*), sum(income_rupiah), sum(hash(member_id, month, income_rupiah)) FROM member_income")
    a, b = duckdb.connect(str(tiny_demo), read_only=True), duckdb.connect(str(again), read_only=True)
    assert q(a, digest) == q(b, digest)
    assert q(a, "SELECT sum(hash(kube_id, regency_code, commodity, formed_on)) FROM kube") == \
        q(b, "SELECT sum(hash(kube_id, regency_code, commodity, formed_on)) FROM kube")
    other = tmp_path / "other.duckdb"
    generator.build_demo(other, "demo", seed=8, progress=lambda _: None)
    c = duckdb.connect(str(other), read_only=True)
    assert q(a, digest) != q(c, digest)


def test_every_province_and_regency_has_groups(con):
    assert q(con, "SELECT count(DISTINCT r.province_code) FROM kube JOIN regencies r USING (regency_code)")[0] == 38
    assert q(con, "SELECT count(DISTINCT regency_code) FROM kube")[0] == 514


def test_group_sizes_and_facilitator_load(con):
    lo, hi, med = q(con, "SELECT min(n), max(n), median(n) FROM (SELECT count(*) n FROM members GROUP BY kube_id)")
    assert 5 <= lo and hi <= 20 and 8 <= med <= 12
    per_fac = q(con, "SELECT count(*) / count(DISTINCT facilitator_id) FROM kube")[0]
    assert 7 <= per_fac <= 11


def test_cohorts_staggered_from_2019_to_2025(con):
    years = [r[0] for r in con.execute("SELECT DISTINCT year(formed_on) FROM kube ORDER BY 1").fetchall()]
    assert years == list(range(2019, 2026))


def test_each_member_has_a_6_to_12_month_baseline(con):
    lo, hi = q(con, """
        SELECT min(n), max(n) FROM (
            SELECT m.member_id, date_diff('month', min(i.month), m.joined_on) AS n
            FROM members m JOIN member_income i USING (member_id)
            GROUP BY m.member_id, m.joined_on)""")
    # Reports can be missing, so a baseline can look shorter, never longer.
    assert hi == 12 and lo >= 0


def test_most_baseline_months_are_below_the_provincial_line(con):
    share = q(con, """
        SELECT avg(CASE WHEN i.income_rupiah / coalesce(i.household_size, m.household_size) < l.line_per_capita
                   THEN 1 ELSE 0 END)
        FROM member_income i JOIN members m USING (member_id) JOIN kube k USING (kube_id)
        JOIN regencies r USING (regency_code)
        JOIN poverty_lines l ON l.province_code = r.province_code AND l.period = DATE '2024-03-01'
        WHERE i.month < m.joined_on AND i.month BETWEEN DATE '2024-03-01' AND DATE '2024-08-01'""")[0]
    assert 0.55 <= share <= 0.9


def test_some_groups_die_and_stop_reporting(con):
    dead, total = q(con, """
        SELECT count(*) FILTER (WHERE last < DATE '2026-07-01'), count(*) FROM (
            SELECT k.kube_id, max(i.month) last FROM kube k JOIN members m USING (kube_id)
            JOIN member_income i USING (member_id) GROUP BY k.kube_id)""")
    assert 0.05 <= dead / total <= 0.4


def test_imperfections_exist_for_quality_checks(con):
    duplicates = q(con, "SELECT count(*) FROM (SELECT member_id, month FROM member_income GROUP BY ALL HAVING count(*) > 1)")[0]
    late = q(con, "SELECT count(*) FROM member_income WHERE reported_on > month + INTERVAL 60 DAY")[0]
    assert duplicates > 0 and late > 0


def test_income_rises_after_joining(con):
    before, after = q(con, """
        SELECT avg(ln(income_rupiah)) FILTER (WHERE month < joined_on),
               avg(ln(income_rupiah)) FILTER (WHERE month >= joined_on + INTERVAL 24 MONTH)
        FROM member_income JOIN members USING (member_id)""")
    assert after > before


def test_value_chains_with_stages_offtakers_sales_and_orders(con):
    banggai = con.execute("""
        SELECT s.name FROM value_chains c JOIN value_chain_stages s USING (chain_id)
        WHERE c.regency_code = '72.01' ORDER BY s.stage_no""").fetchall()
    assert [r[0] for r in banggai] == ["Petani kelapa", "Air kelapa", "Sabun kelapa (ekspor)", "Arang tempurung"]
    assert q(con, "SELECT count(*) FROM kube WHERE chain_id IS NOT NULL AND regency_code = '72.01'")[0] >= 12
    assert q(con, "SELECT count(*) FROM offtakers WHERE chain_id IS NOT NULL")[0] >= 3
    assert q(con, "SELECT count(DISTINCT channel) FROM sales")[0] >= 5
    assert q(con, "SELECT count(*) FROM orders")[0] > 0


def test_marked_synthetic_with_the_planted_effect(con):
    assert is_synthetic(con)
    effect = dict(con.execute("SELECT event_time, effect_log FROM planted_effect").fetchall())
    assert effect[-6] == 0 and 0.1 < effect[24] < 0.4
    assert "base" in q(con, "SELECT value FROM meta WHERE key = 'planted_effect'")[0]


def test_nik_is_never_stored_in_clear(con):
    assert q(con, "SELECT count(*) FROM members WHERE nik_hash IS NOT NULL OR nik_masked IS NOT NULL")[0] == 0


def test_failed_build_leaves_no_half_written_database(tmp_path, monkeypatch):
    target = tmp_path / "kube.duckdb"

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generator.reports, "business", boom)
    with pytest.raises(RuntimeError):
        generator.build_demo(target, "demo", seed=1, progress=lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_imported_database_is_not_overwritten(tmp_path):
    target = tmp_path / "real.duckdb"
    open_store(target).close()
    with pytest.raises(StoreError, match="refusing"):
        generator.build_demo(target, "demo", seed=1, progress=lambda _: None)
    assert not is_synthetic(connect(target, read_only=True))


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(StoreError, match="Unknown scale"):
        generator.build_demo(tmp_path / "x.duckdb", "galaxy", seed=1)
