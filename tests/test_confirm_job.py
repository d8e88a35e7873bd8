"""An operator's confirmation of an implausibly high report goes through the writer like every
change: the next published version counts the report."""
from __future__ import annotations

from analytics.serving import jobs
from analytics.serving.commands import run_job
from tests.serving_fixtures import count, store_from


def test_a_confirmed_report_is_counted_in_the_next_published_version(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    run_job(str(store.link), "upgrade", quiet=True)           # the plain file becomes version 1
    before = store.current()
    member, month = count(before, "SELECT [member_id, epoch_ms(month)] FROM mart_member_month WHERE outlier "
                                  "ORDER BY member_id, month LIMIT 1")
    when = f"{__import__('datetime').datetime.utcfromtimestamp(month / 1000):%Y-%m-%d}"
    state = "SELECT [outlier::INT, confirmed::INT, reported::INT] FROM mart_member_month WHERE params_key = " \
            "(SELECT params_key FROM mart_refresh LIMIT 1) AND member_id = ? AND month = ?"
    assert count(before, state, [member, when]) == [1, 0, 0]

    job = run_job(str(store.link), "confirm", {"member_id": member, "month": when, "confirmed_by": "Operator Uji"},
                  quiet=True)

    assert job.state == jobs.PUBLISHED, job.message
    after = store.current()
    assert after != before
    assert count(after, state, [member, when]) == [0, 1, 1]
    assert count(after, "SELECT confirmed_by FROM confirmed_reports WHERE member_id = ?", [member]) == "Operator Uji"


def test_confirming_a_month_without_a_report_fails_and_publishes_nothing(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    before = store.current()
    job = run_job(str(store.link), "confirm", {"member_id": 1, "month": "1990-01-01", "confirmed_by": "Operator"},
                  quiet=True)
    assert job.state == jobs.FAILED and "no report of member 1 for 1990-01" in job.message
    assert store.current() == before


def test_a_confirmation_of_an_amount_no_longer_stored_is_refused(tiny_demo, tmp_path):
    store = store_from(tiny_demo, tmp_path / "s")
    member, month = count(store.link, "SELECT [member_id, epoch_ms(month)] FROM mart_member_month WHERE outlier "
                                      "ORDER BY member_id, month LIMIT 1")
    when = f"{__import__('datetime').datetime.utcfromtimestamp(month / 1000):%Y-%m-%d}"
    job = run_job(str(store.link), "confirm", {"member_id": member, "month": when, "amount": 1,
                                               "confirmed_by": "Operator Uji"}, quiet=True)
    assert job.state == jobs.FAILED and "changed since it was shown" in job.message
    assert count(store.link, "SELECT count(*) FROM confirmed_reports") == 0


def test_a_confirmation_for_a_member_outside_the_submitters_scope_is_refused_and_logged(tiny_demo, tmp_path):
    from analytics.access import audit

    store = store_from(tiny_demo, tmp_path / "s")
    before = store.current()
    member, month, regency = count(store.link, "SELECT [mm.member_id::VARCHAR, strftime(mm.month, '%Y-%m-%d'), "
                                               "k.regency_code] FROM mart_member_month mm JOIN members m USING "
                                               "(member_id) JOIN kube k ON k.kube_id = m.kube_id WHERE mm.outlier "
                                               "ORDER BY mm.member_id, mm.month LIMIT 1")
    elsewhere = "11" if not regency.startswith("11") else "72"
    job = run_job(str(store.link), "confirm", {"member_id": int(member), "month": month, "confirmed_by": "Operator",
                                               "actor": "op.lain", "scope": [elsewhere]}, quiet=True)
    assert job.state == jobs.FAILED and "outside your access region" in job.message
    assert store.current() == before and count(store.link, "SELECT count(*) FROM confirmed_reports") == 0
    refused = audit.events(audit.Query(actor="op.lain", actions=("confirm_refused",)))
    assert refused and job.id in refused[0]["detail"]
