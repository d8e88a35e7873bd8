"""Write a complete synthetic database: `python -m analytics demo --scale demo|national`."""
from __future__ import annotations

import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import numpy as np
import pandas as pd

from analytics.demo import reports
from analytics.demo.catalogue import CHAINS, COMMODITIES
from analytics.demo.population import make_groups, make_members
from analytics.demo.timeline import END, START, line_matrix, month_dates, season_matrix, shock_matrix
from analytics.metrics.refresh import refresh
from analytics.reference import load_reference
from analytics.store import StoreError, connect, insert_frame, is_synthetic, migrate

SCALES = {"demo": 3_000, "national": 100_000}   # groups
MEMBER_CHUNK = 100_000
GENERATOR_VERSION = "1"

# The planted programme effect on log household income (see docs/demo-data.md).
EFFECT = {
    "base": 0.22,                 # long-run effect for an average group
    "per_success_sd": 0.12,       # per SD of latent group success
    "per_facilitator_sd": 0.06,   # per SD of facilitator quality
    "value_chain": 0.10,          # extra for groups in an integrated value chain
    "member_sd": 0.08,            # member-level spread
    "ramp_months": 8.0,           # effect(e) = long-run x (1 - exp(-(e + 1) / ramp))
}


def build_demo(path: Path, scale: str, seed: int, progress: Callable[[str], None] = print,
               force: bool = False) -> dict[str, float]:
    """Build the demo database at `path` atomically (a temporary file, then a rename)."""
    if scale not in SCALES:
        raise StoreError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
    path = Path(path)
    if path.exists() and not force:
        con = connect(path, read_only=True)
        try:
            synthetic = is_synthetic(con)
        except duckdb.Error:
            synthetic = False
        finally:
            con.close()
        if not synthetic:
            raise StoreError(f"{path} holds real (imported) data; refusing to overwrite it with demo data.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Cannot create {path.parent}: {exc.strerror}.") from None
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"Cannot write to {path.parent}: permission denied.")
    started = time.perf_counter()
    try:
        con = connect(tmp)
        try:
            figures = _write(con, scale, seed, progress)
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    figures["seconds"] = time.perf_counter() - started
    return figures


def _write(con: duckdb.DuckDBPyConnection, scale: str, seed: int, progress: Callable[[str], None]) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    migrate(con)
    load_reference(con)
    regencies = con.execute("SELECT * FROM regencies ORDER BY regency_code").df()
    provinces = con.execute("SELECT province_code FROM provinces ORDER BY province_code").df()["province_code"].tolist()
    lines = con.execute("SELECT province_code, period, line_per_capita FROM poverty_lines").df()
    line_m = line_matrix(lines, provinces)
    season = season_matrix()
    shocks = shock_matrix(provinces, rng)

    groups, fac = make_groups(regencies, provinces, SCALES[scale], rng)
    members = make_members(groups, EFFECT, rng)
    n_members = len(members.kube_idx)
    progress(f"{len(groups.size):,} groups, {len(fac):,} facilitators, {n_members:,} members")

    con.execute("INSERT INTO import_batches VALUES (1, 'demo', NULL, NULL, NULL, ?, ?)",
                [datetime.now(), f"synthetic demo data, scale={scale}, seed={seed}"])
    insert_frame(con, "facilitators", pd.DataFrame({
        "facilitator_id": fac["facilitator_id"], "name": fac["name"], "regency_code": fac["regency_code"],
        "started_on": month_dates(fac["start_m"].to_numpy() - 1)}))
    _insert_chains(con)
    kube = groups.frame.assign(formed_on=month_dates(groups.formed_m)).drop(columns="formed_m")
    insert_frame(con, "kube", kube)
    insert_frame(con, "members", pd.DataFrame({
        "member_id": np.arange(1, n_members + 1),
        "pseudonym": [f"AGT-{i:07d}" for i in range(1, n_members + 1)],
        "kube_id": members.kube_idx + 1,
        "joined_on": month_dates(members.join_m),
        "exited_on": pd.Series(month_dates(members.exit_m)).where(members.exit_m < int(END - START) + 1),
        "household_size": members.household_size,
        "head_sex": np.where(members.head_female, "P", "L"),
    }))

    truth = reports.Truth()
    rows = 0
    for start in range(0, n_members, MEMBER_CHUNK):
        idx = np.arange(start, min(start + MEMBER_CHUNK, n_members))
        table = reports.income_chunk(members, groups, idx, line_m, season, shocks,
                                     EFFECT["ramp_months"], truth, rng)
        insert_frame(con, "member_income", table)
        rows += table.num_rows
        progress(f"income reports: {rows:,} rows ({idx[-1] + 1:,}/{n_members:,} members)")

    business = reports.business(groups, line_m, season, rng)
    insert_frame(con, "kube_business", business)
    buyers = reports.offtakers(regencies["regency_code"].tolist(), rng)
    insert_frame(con, "offtakers", buyers.drop(columns="stage_no"))
    insert_frame(con, "sales", reports.sales(business, groups, buyers, rng))
    insert_frame(con, "orders", reports.orders(buyers, rng))
    insert_frame(con, "planted_effect", truth.frame())
    progress(f"business reports: {len(business):,} rows; sales, offtakers and orders written")

    meta = {
        "synthetic": "true", "scale": scale, "seed": str(seed), "generator_version": GENERATOR_VERSION,
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "data_start": str(START), "data_end": str(END),
        "planted_effect": json.dumps({**EFFECT, "outcome": "log household income",
                                      "note": "effect(e) = long-run x (1 - exp(-(e+1)/ramp_months)) for e >= 0"}),
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
    progress("computing the metric marts (python -m analytics refresh)...")
    started = time.perf_counter()
    refresh(con)
    refresh_seconds = time.perf_counter() - started
    con.execute("CHECKPOINT")
    return {"groups": len(groups.size), "members": n_members, "income_rows": rows,
            "refresh_seconds": refresh_seconds}


def _insert_chains(con: duckdb.DuckDBPyConnection) -> None:
    commodity = {c.code: c.name_id for c in COMMODITIES}
    for c_no, chain in enumerate(CHAINS, start=1):
        con.execute("INSERT INTO value_chains VALUES (?, ?, ?, ?, ?)",
                    [c_no, chain.name, commodity[chain.commodity], chain.regency_code, chain.description])
        for s_no, st in enumerate(chain.stages, start=1):
            con.execute("INSERT INTO value_chain_stages VALUES (?, ?, ?, ?, ?)",
                        [c_no, s_no, st.name, st.product, st.position])
