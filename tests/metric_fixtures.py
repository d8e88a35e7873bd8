"""Small hand-made stores for metric tests: a few members with known incomes and lines."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from analytics.reference import load_reference
from analytics.store import open_store

LINE_72 = 500_000          # Sulawesi Tengah from 2020-01, 600,000 from 2021-03
LINE_NATIONAL = 400_000    # from 2019-01
UMP_72 = 2_000_000


def month(i: int, start: date = date(2020, 1, 1)) -> date:
    """The i-th month from `start` (0-based)."""
    total = start.year * 12 + start.month - 1 + i
    return date(total // 12, total % 12 + 1, 1)


class Fixture:
    def __init__(self, path: Path) -> None:
        self.con: duckdb.DuckDBPyConnection = open_store(path)
        load_reference(self.con)
        self.con.execute("DELETE FROM poverty_lines")
        self.con.executemany("INSERT INTO poverty_lines VALUES (?, ?, ?, NULL, 'test', NULL)", [
            ("00", date(2019, 1, 1), LINE_NATIONAL), ("72", date(2020, 1, 1), LINE_72),
            ("72", date(2021, 3, 1), 600_000)])
        self.con.execute("DELETE FROM minimum_wages")
        self.con.executemany("INSERT INTO minimum_wages VALUES (?, ?, ?, 'test', NULL)",
                             [("72", y, UMP_72) for y in range(2019, 2024)])
        self.con.execute("INSERT INTO facilitators VALUES (1, 'Pendamping Uji', '72.01', DATE '2019-01-01')")
        self.kubes: set[int] = set()

    def kube(self, kube_id: int, regency: str = "72.01", formed: date = date(2020, 1, 1)) -> None:
        self.con.execute("INSERT INTO kube VALUES (?, ?, ?, ?, 'kelapa', 'produksi', NULL, NULL, 1, 20000000)",
                         [kube_id, f"KUBE Uji {kube_id}", regency, formed])
        self.kubes.add(kube_id)

    def member(self, member_id: int, incomes: dict[int, int], size: int = 1, kube_id: int = 1,
               joined: date = date(2020, 1, 1), regency: str = "72.01", sizes: dict[int, int] | None = None,
               start: date = date(2020, 1, 1)) -> None:
        """A member with household income per month index (from `start`); absent months are missing."""
        if kube_id not in self.kubes:
            self.kube(kube_id, regency)
        self.con.execute("INSERT INTO members VALUES (?, ?, ?, ?, NULL, ?, 'P', NULL, NULL)",
                         [member_id, f"AGT-{member_id}", kube_id, joined, size])
        rows = [(member_id, month(i, start), value, month(i + 1, start), 1, (sizes or {}).get(i))
                for i, value in incomes.items()]
        self.report(rows)

    def report(self, rows: list[tuple]) -> None:
        frame = pd.DataFrame(rows, columns=["member_id", "month", "income_rupiah", "reported_on", "batch_id",
                                            "household_size"])
        frame["household_size"] = frame["household_size"].astype("Int16")
        self.con.register("rows", frame)
        self.con.execute("INSERT INTO member_income (member_id, month, income_rupiah, reported_on, batch_id, "
                         "household_size) SELECT * FROM rows")
        self.con.unregister("rows")

    def statuses(self, member_id: int, key: str) -> dict[date, int]:
        return dict(self.con.execute(
            "SELECT month, status FROM mart_member_month WHERE params_key = ? AND member_id = ? ORDER BY month",
            [key, member_id]).fetchall())

    def row(self, member_id: int, when: date, key: str) -> dict:
        cur = self.con.execute("SELECT * FROM mart_member_month WHERE params_key = ? AND member_id = ? AND month = ?",
                               [key, member_id, when])
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone()))


STATUS = {"Tidak cukup data": 0, "Miskin": 1, "Rentan": 2, "Stabil": 3, "Mandiri": 4}


def table(text: str) -> list[dict[str, str]]:
    """Rows of a table written in a test: a header line, then one line per row; columns are
    separated by two or more spaces or by '|'. A '-' cell is an empty (missing) value."""
    import re
    lines = [line.strip().strip("|") for line in text.strip().splitlines()
             if line.strip() and not set(line.strip()) <= set("-|= ")]
    split = (lambda line: [c.strip() for c in line.split("|")]) if "|" in lines[0] else \
        (lambda line: re.split(r"\s{2,}", line.strip()))
    header = split(lines[0])
    return [dict(zip(header, split(line))) for line in lines[1:]]


def rupiah(cell: str) -> int | None:
    """'1.250.000' -> 1250000; '-' -> None (no report)."""
    return None if cell in ("-", "") else int(cell.replace(".", "").replace(",", ""))


def member_from_table(fx: "Fixture", member_id: int, rows: list[dict[str, str]], **kwargs) -> None:
    """A member whose reports are the table's `income` column (and `size`, when given), by `month` index."""
    incomes = {int(r["month"]): rupiah(r["income"]) for r in rows if rupiah(r["income"]) is not None}
    sizes = {int(r["month"]): int(r["size"]) for r in rows if r.get("size") not in (None, "-", "")}
    fx.member(member_id, incomes, sizes=sizes or None, **kwargs)


def expected_statuses(rows: list[dict[str, str]], column: str = "status") -> dict[date, int]:
    """The table's expected status per month (rows whose cell is '-' are not checked)."""
    return {month(int(r["month"])): STATUS[r[column]] for r in rows if r.get(column) not in (None, "-", "")}
