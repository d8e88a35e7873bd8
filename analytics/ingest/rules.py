"""Per-kind business rules: resolve references (members, groups, offtakers), check dates against
the group's formation and today, flag implausible amounts; return the rows to store and their key."""
from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from analytics.ingest.problems import Problems

OUTLIER_FACTOR = 8.0
MEDIAN_MONTHS = 24      # a report is judged against the member's reports of the 24 months before the file


def lookup(con: duckdb.DuckDBPyConnection, sql: str, values: pd.Series, name: str, params: tuple = ()) -> pd.Series:
    """Map `values` through a two-column query (key, value) without loading the whole table; the
    join runs in DuckDB (a million keys in well under a second)."""
    given = values.notna().to_numpy()
    if not given.any():
        return pd.Series(None, index=values.index, dtype=object)
    keys = pd.DataFrame({"k": values[given].to_numpy(), "_row": np.flatnonzero(given)})
    con.register(name, keys)
    try:
        found = con.execute(f"SELECT q._row, m.v FROM {name} q JOIN ({sql.format(keys=name)}) AS m(k, v) "
                            "ON q.k = m.k", list(params)).df()
    finally:
        con.unregister(name)
    out = np.full(len(values), None, dtype=object)
    out[found["_row"].to_numpy()] = found["v"].to_numpy(dtype=object)
    result = pd.Series(out, index=values.index, dtype=object)
    return result.infer_objects() if pd.api.types.is_numeric_dtype(found["v"]) and result.notna().all() else result


def _month_start(today: date) -> date:
    return date(today.year, today.month, 1)


MONTH, DATE, PERIOD = ("bulan", "month"), ("tanggal", "date"), ("periode", "period")


def _future(parsed: pd.DataFrame, column: str, limit: date, problems: Problems, what: tuple[str, str]) -> None:
    """Rows whose `column` lies after `limit` are refused (a report cannot come from the future)."""
    mask = pd.to_datetime(parsed[column], errors="coerce") > pd.Timestamp(limit)
    problems.reject(mask, column, f"{what[0]} di masa depan / {what[1]} in the future")


# --- per-kind rules: resolve references, check business rules, return the rows to store ------

def pseudonym_spellings(values: pd.Series) -> list[pd.Series]:
    """Other spellings to try for member codes as people retype them ('agt-0026481', 'AGT 0026481',
    'AGT0026481', 'AGT-26481'): the form Pantau KUBE gives ('AGT-0026481') and the unpadded one."""
    digits = values.astype("string").str.strip().str.extract(r"(?i)^agt[ \t._\-]*0*(\d{1,12})$")[0]
    given = digits.notna()
    return [("AGT-" + digits.str.zfill(7)).astype(object).where(given, None),
            ("AGT-" + digits).astype(object).where(given, None)]


def _rules_income(con, parsed, problems, replace, today):
    member = pd.Series(None, index=parsed.index, dtype=object)
    if parsed["anggota"].notna().any():
        by_code = "SELECT pseudonym, member_id FROM members WHERE pseudonym IN (SELECT k FROM {keys})"
        member = lookup(con, by_code, parsed["anggota"], "keys_pseudonym")
        missing = parsed["anggota"].notna() & member.isna()
        if missing.any():                      # the exact spelling first, then the code as people retype it
            for spelling in pseudonym_spellings(parsed["anggota"][missing]):
                if spelling.notna().any():
                    member = member.astype(object).fillna(lookup(con, by_code, spelling, "keys_pseudonym"))
    if parsed["nik"].notna().any():
        hashes = parsed["nik"].map(lambda v: v[0] if isinstance(v, tuple) else None)
        by_nik = lookup(con, "SELECT nik_hash, member_id FROM members WHERE nik_hash IN (SELECT k FROM {keys})",
                         hashes, "keys_nik")
        member = member.fillna(by_nik)
    member = pd.to_numeric(member, errors="coerce").astype("Int64")
    given = parsed["anggota"].notna() | parsed["nik"].notna()
    column = "anggota" if parsed["anggota"].notna().any() else "nik"
    unknown = given & member.isna()
    looks_like_nik = parsed["anggota"].fillna("").astype(str).str.replace(r"\D", "", regex=True).str.len() >= 15
    problems.reject(unknown & looks_like_nik & parsed["anggota"].notna(), "anggota",
                    "kolom anggota berisi NIK: pindahkan ke kolom nik (berformat Teks) / the member column holds a NIK: "
                    "put it in a nik column (formatted as Text)")
    problems.reject(unknown, column, "anggota tidak dikenal / unknown member")
    problems.reject(~given, "anggota", "anggota atau NIK kosong / member or NIK empty")
    _future(parsed, "bulan", _month_start(today), problems, MONTH)
    _future(parsed, "tanggal_lapor", today, problems, ("tanggal lapor", "report date"))
    rows = pd.DataFrame({"member_id": member, "month": parsed["bulan"], "income_rupiah": parsed["pendapatan"],
                         "household_size": parsed["jumlah_art"],
                         "reported_on": parsed["tanggal_lapor"].where(parsed["tanggal_lapor"].notna(), today)},
                        index=parsed.index)
    # Implausible amounts are kept and listed for review, never dropped silently.
    usable = rows.dropna(subset=["member_id", "income_rupiah", "month"])
    if not usable.empty:
        first = pd.to_datetime(usable["month"]).min()
        since = (first - pd.DateOffset(months=MEDIAN_MONTHS)).date()
        medians = lookup(con, "SELECT member_id, median(income_rupiah) FROM member_income WHERE member_id IN "
                              "(SELECT k FROM {keys}) AND month >= ? AND month < ? GROUP BY member_id",
                         usable["member_id"], "keys_median", (since, first.date()))
        medians = pd.to_numeric(medians, errors="coerce")
        amount = usable["income_rupiah"].astype(float)
        far = medians.notna() & ((amount > medians * OUTLIER_FACTOR) | (amount < medians / OUTLIER_FACTOR))
        problems.flag(far.reindex(parsed.index, fill_value=False), "pendapatan",
                      "jauh dari median anggota; diperiksa, tidak ditolak / far from the member's median; kept, flagged")
    return rows, ("member_id", "month")


def _group_formed(con, codes: pd.Series) -> pd.Series:
    return lookup(con, "SELECT kube_id, formed_on FROM kube WHERE kube_id IN (SELECT k FROM {keys})",
                   codes.astype("Int64"), "keys_kube")


def _rules_groups(con, parsed, problems, replace, today):
    _future(parsed, "tanggal_bentuk", today, problems, DATE)
    for column, table, key in (("pendamping", "facilitators", "facilitator_id"), ("rantai_nilai", "value_chains", "chain_id")):
        given = parsed[column].notna()
        if given.any():
            known = lookup(con, f"SELECT {key}, {key} FROM {table} WHERE {key} IN (SELECT k FROM {{keys}})",
                            parsed[column], f"keys_{table}")
            problems.reject(given & known.isna(), column, f"{column} tidak dikenal / unknown {key}")
    problems.reject(parsed["tahap"].notna() & parsed["rantai_nilai"].isna(), "tahap",
                    "tahap tanpa rantai nilai / a stage needs a value chain")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "name": parsed["nama"], "regency_code": parsed["wilayah"],
                         "formed_on": parsed["tanggal_bentuk"], "commodity": parsed["komoditas"],
                         "business_type": parsed["jenis_usaha"], "chain_id": parsed["rantai_nilai"],
                         "stage_no": parsed["tahap"], "facilitator_id": parsed["pendamping"],
                         "grant_rupiah": parsed["dana_bantuan"]}, index=parsed.index)
    return rows, ("kube_id",)


def _rules_members(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    joined = parsed["tanggal_gabung"]
    before = formed.notna() & joined.notna() & (pd.to_datetime(joined) < pd.to_datetime(formed))
    problems.reject(before, "tanggal_gabung",
                    "bergabung sebelum KUBE dibentuk / a member before the group was formed")
    _future(parsed, "tanggal_gabung", today, problems, DATE)
    exited = parsed["tanggal_keluar"]
    problems.reject(exited.notna() & joined.notna() & (pd.to_datetime(exited) < pd.to_datetime(joined)),
                    "tanggal_keluar", "keluar sebelum bergabung / exit before joining")
    nik = parsed["nik"]
    rows = pd.DataFrame({"nik_hash": nik.map(lambda v: v[0] if isinstance(v, tuple) else None),
                         "nik_masked": nik.map(lambda v: v[1] if isinstance(v, tuple) else None),
                         "kube_id": parsed["kode_kube"], "joined_on": joined, "exited_on": exited,
                         "household_size": parsed["jumlah_art"], "head_sex": parsed["jenis_kelamin_kepala"]},
                        index=parsed.index)
    return rows, ("nik_hash",)


def _rules_business(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    _future(parsed, "bulan", _month_start(today), problems, MONTH)
    early = formed.notna() & parsed["bulan"].notna() & (
        pd.to_datetime(parsed["bulan"]) < pd.to_datetime(formed).dt.to_period("M").dt.to_timestamp())
    problems.reject(early, "bulan", "laporan sebelum KUBE dibentuk / a report before the group was formed")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "month": parsed["bulan"], "revenue_rupiah": parsed["omzet"],
                         "cost_rupiah": parsed["biaya"], "savings_rupiah": parsed["tabungan"],
                         "iks_rupiah": parsed["iks"]}, index=parsed.index)
    return rows, ("kube_id", "month")


def _offtakers_known(con, parsed, problems, column: str) -> None:
    given = parsed[column].notna()
    if given.any():
        known = lookup(con, "SELECT offtaker_id, offtaker_id FROM offtakers WHERE offtaker_id IN (SELECT k FROM {keys})",
                        parsed[column], "keys_offtaker")
        problems.reject(given & known.isna(), column, "offtaker tidak dikenal / unknown offtaker")


def _rules_sales(con, parsed, problems, replace, today):
    formed = _group_formed(con, parsed["kode_kube"])
    problems.reject(parsed["kode_kube"].notna() & formed.isna(), "kode_kube", "KUBE tidak dikenal / unknown group")
    _future(parsed, "bulan", _month_start(today), problems, MONTH)
    _offtakers_known(con, parsed, problems, "offtaker")
    rows = pd.DataFrame({"kube_id": parsed["kode_kube"], "month": parsed["bulan"], "channel": parsed["saluran"],
                         "product": parsed["produk"], "quantity": parsed["jumlah"], "unit": parsed["satuan"],
                         "value_rupiah": parsed["nilai"], "offtaker_id": parsed["offtaker"]}, index=parsed.index)
    return rows, ("kube_id", "month", "channel", "product")


def _rules_orders(con, parsed, problems, replace, today):
    _offtakers_known(con, parsed, problems, "offtaker")
    # Orders may be placed ahead, but not more than a year ahead.
    _future(parsed, "bulan", date(today.year + 1, today.month, 1), problems, MONTH)
    rows = pd.DataFrame({"offtaker_id": parsed["offtaker"], "month": parsed["bulan"], "product": parsed["produk"],
                         "quantity": parsed["jumlah"], "unit": parsed["satuan"], "value_rupiah": parsed["nilai"]},
                        index=parsed.index)
    return rows, ("offtaker_id", "month", "product")


def _rules_poverty_lines(con, parsed, problems, replace, today):
    _future(parsed, "periode", _month_start(today), problems, PERIOD)
    rows = pd.DataFrame({"province_code": parsed["provinsi"], "period": parsed["periode"],
                         "line_per_capita": parsed["garis_kemiskinan"], "household_size": parsed["rata_rata_art"],
                         "source": parsed["sumber"], "notes": parsed["catatan"]}, index=parsed.index)
    return rows, ("province_code", "period")


def _rules_minimum_wages(con, parsed, problems, replace, today):
    problems.reject(parsed["provinsi"] == "00", "provinsi", "UMP berlaku per provinsi, bukan nasional / a minimum "
                    "wage is set per province, not nationally")
    problems.reject(parsed["tahun"].notna() & (parsed["tahun"] > today.year + 1), "tahun",
                    "tahun di masa depan / year in the future")
    rows = pd.DataFrame({"province_code": parsed["provinsi"], "year": parsed["tahun"], "ump_rupiah": parsed["ump"],
                         "source": parsed["sumber"], "notes": parsed["catatan"]}, index=parsed.index)
    return rows, ("province_code", "year")


RULES = {"income": _rules_income, "groups": _rules_groups, "members": _rules_members,
         "business": _rules_business, "sales": _rules_sales, "orders": _rules_orders,
         "poverty_lines": _rules_poverty_lines, "minimum_wages": _rules_minimum_wages}
KEY_COLUMN = {"member_id": "bulan", "month": "bulan", "kube_id": "kode_kube", "nik_hash": "nik",
              "offtaker_id": "offtaker", "channel": "saluran", "product": "produk", "period": "periode",
              "year": "tahun", "province_code": "provinsi"}
