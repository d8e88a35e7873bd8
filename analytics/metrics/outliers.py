"""Implausibly high reports: an operator confirms one on Kualitas Data, and it counts from then on.

A report above `outlier_factor` x the median of the member's earlier reports is flagged and
left out of every figure (`mart_member_month.outlier`) until confirmed. A confirmation holds for
the amount confirmed: a corrected report (a new amount, via import) is judged afresh.
"""
from __future__ import annotations

from datetime import date, datetime

import duckdb

from analytics.metrics.refresh import RefreshResult, rebuild, stored_policies
from analytics.store import bind, load_sql


class ConfirmError(ValueError):
    """No stored report to confirm for that member and month."""


def confirm_report(con: duckdb.DuckDBPyConnection, member_id: int, month: date, confirmed_by: str,
                   confirmed_at: datetime | None = None, amount_seen: int | None = None) -> list[RefreshResult]:
    """Record that the stored report of `member_id` for `month` is genuine, and rebuild that
    member's figures from that month for every parameter set in the database. One transaction;
    confirming twice changes nothing. Returns one refresh result per parameter set."""
    month = month.replace(day=1)
    sql = load_sql("stored_report")
    amount = con.execute(sql, bind(sql, {"member_id": member_id, "month": month})).fetchall()[0][0]
    if amount is None:
        raise ConfirmError(f"no report of member {member_id} for {month:%Y-%m}")
    if amount_seen is not None and int(amount_seen) != amount:
        raise ConfirmError(f"the stored report for {month:%Y-%m} changed since it was shown (a later import); "
                           "look at it again before confirming")
    if not confirmed_by.strip():
        raise ConfirmError("a confirmation needs the name of who confirms it")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO confirmed_reports VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [member_id, month, amount, confirmed_by.strip(), confirmed_at or datetime.now()])
        results = [rebuild(con, policy, [member_id], month) for policy in stored_policies(con)]
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return results
