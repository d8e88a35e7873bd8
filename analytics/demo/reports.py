"""Monthly reports drawn for synthetic members and groups: income, business, sales, orders."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from analytics.demo.catalogue import CHAINS, COMMODITIES
from analytics.demo.population import Groups, Members
from analytics.demo.timeline import N_MONTHS, START, month_dates

TRUTH_MIN, TRUTH_MAX = -12, 72
LATE_RECEIPT = {N_MONTHS - 1: 0.25, N_MONTHS - 2: 0.08}   # share of reports not yet in


@dataclass
class Truth:
    """Running sums of the planted effect by event time (observed member-months)."""

    n: np.ndarray = field(default_factory=lambda: np.zeros(TRUTH_MAX - TRUTH_MIN + 1))
    log: np.ndarray = field(default_factory=lambda: np.zeros(TRUTH_MAX - TRUTH_MIN + 1))
    rupiah: np.ndarray = field(default_factory=lambda: np.zeros(TRUTH_MAX - TRUTH_MIN + 1))
    ratio: np.ndarray = field(default_factory=lambda: np.zeros(TRUTH_MAX - TRUTH_MIN + 1))

    def add(self, event: np.ndarray, eff: np.ndarray, per_capita: np.ndarray, line: np.ndarray) -> None:
        keep = (event >= TRUTH_MIN) & (event <= TRUTH_MAX)
        slot = event[keep] - TRUTH_MIN
        gain = per_capita[keep] * (1 - np.exp(-eff[keep]))
        size = len(self.n)
        self.n += np.bincount(slot, minlength=size)
        self.log += np.bincount(slot, eff[keep], minlength=size)
        self.rupiah += np.bincount(slot, gain, minlength=size)
        self.ratio += np.bincount(slot, gain / line[keep], minlength=size)

    def frame(self) -> pd.DataFrame:
        n = np.maximum(self.n, 1)
        out = pd.DataFrame({
            "event_time": np.arange(TRUTH_MIN, TRUTH_MAX + 1), "members": self.n.astype("int64"),
            "effect_log": self.log / n, "effect_rupiah_per_capita": self.rupiah / n,
            "effect_pl_ratio": self.ratio / n,
        })
        return out[out["members"] > 0]


def income_chunk(members: Members, groups: Groups, idx: np.ndarray, lines: np.ndarray,
                 season: np.ndarray, shocks: np.ndarray, tau: float, truth: Truth,
                 rng: np.random.Generator) -> pa.Table:
    """Income reports for the members `idx`, with gaps, late reports, outliers and duplicates."""
    lengths = members.last_m[idx] - members.first_m[idx] + 1
    lengths = np.maximum(lengths, 0)
    rep = np.repeat(idx, lengths)
    offsets = np.arange(len(rep)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    m = members.first_m[rep] + offsets
    g = members.kube_idx[rep]
    p = groups.province_idx[g]
    event = m - members.join_m[rep]
    eff = np.where(event >= 0, members.effect[rep] * (1 - np.exp(-(event + 1) / tau)), 0.0)
    size = members.household_size[rep] + ((members.size_change_m[rep] >= 0) & (m >= members.size_change_m[rep]))
    line = lines[p, m]
    log_ratio = (members.level[rep] + season[groups.commodity_idx[g], m] + shocks[p, m] + eff
                 + members.volatility[rep] * rng.standard_normal(len(rep)))
    per_capita = line * np.exp(log_ratio)
    income = np.maximum(np.round(per_capita * size, -3), 25_000)

    received = rng.random(len(rep)) >= members.miss_rate[rep]
    for month, share in LATE_RECEIPT.items():
        received &= ~((m == month) & (rng.random(len(rep)) < share))
    truth.add(event[received], eff[received], per_capita[received], line[received])

    outlier = rng.random(len(rep)) < 0.0003
    income = np.where(outlier, np.where(rng.random(len(rep)) < 0.7, income * 10, np.round(income / 10, -3)), income)
    lag = np.round(5 + rng.exponential(9, len(rep)) + np.where(rng.random(len(rep)) < 0.03, rng.integers(60, 120, len(rep)), 0))
    month_start = month_dates(m)
    reported = (month_start.astype("datetime64[M]") + 1).astype("datetime64[D]") + lag.astype("timedelta64[D]")

    keep = np.flatnonzero(received)
    dup = keep[rng.random(keep.size) < 0.001]
    rows = np.r_[keep, dup]
    values = np.r_[income[keep], np.round(income[dup] * rng.normal(1, 0.05, dup.size), -3)]
    reported_on = np.r_[reported[keep], reported[dup] + rng.integers(5, 40, dup.size).astype("timedelta64[D]")]
    return pa.table({
        "member_id": pa.array(rep[rows] + 1, pa.int32()),
        "month": pa.array(month_start[rows]),
        "income_rupiah": pa.array(values.astype("int64")),
        "reported_on": pa.array(reported_on),
        "batch_id": pa.array(np.ones(rows.size, dtype="int32")),
        "household_size": pa.array(size[rows].astype("int16")),
    })


def business(groups: Groups, lines: np.ndarray, season: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Monthly business reports of each group while it is alive (about 10% not filed)."""
    last = np.minimum(groups.death_m, N_MONTHS) - 1
    lengths = np.maximum(last - groups.formed_m + 1, 0)
    g = np.repeat(np.arange(len(lengths)), lengths)
    age = np.arange(len(g)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    m = groups.formed_m[g] + age
    per_member = np.array([c.revenue_per_member for c in COMMODITIES])[groups.commodity_idx[g]]
    prices = lines[groups.province_idx[g], m] / lines[groups.province_idx[g], N_MONTHS - 1]
    growth = 0.35 * groups.success[g] * np.minimum(age / 24, 1) + 0.08 * np.log1p(age)
    revenue = (groups.size[g] * per_member * prices * (1 + 0.3 * groups.in_chain[g])
               * np.exp(growth + 0.6 * season[groups.commodity_idx[g], m] + rng.normal(0, 0.15, len(g))))
    cost_ratio = np.clip(0.8 - 0.07 * groups.success[g] - 0.002 * np.minimum(age, 36) + rng.normal(0, 0.06, len(g)), 0.45, 1.2)
    cost = revenue * cost_ratio
    profit = revenue - cost
    savings = np.where(profit > 0, profit * 0.15, 0)
    pays_iks = (profit > 0) & (age >= 6) & (groups.success[g] + rng.normal(0, 0.7, len(g)) > -0.3)
    iks = np.where(pays_iks, np.maximum(profit * 0.025, 10_000), 0)
    keep = rng.random(len(g)) >= 0.10
    return pd.DataFrame({
        "kube_id": (g + 1)[keep], "month": month_dates(m)[keep],
        "revenue_rupiah": np.round(revenue, -3)[keep].astype("int64"),
        "cost_rupiah": np.round(cost, -3)[keep].astype("int64"),
        "savings_rupiah": np.round(savings, -3)[keep].astype("int64"),
        "iks_rupiah": np.round(iks, -3)[keep].astype("int64"),
        "batch_id": 1,
    })


def offtakers(regency_codes: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """Buyers: those lined up for each value chain's stages, and general buyers per commodity."""
    rows = []
    for c_no, chain in enumerate(CHAINS, start=1):
        for stage_no, name, kind in chain.offtakers:
            rows.append((name, kind, chain.regency_code, chain.stages[stage_no - 1].product, c_no, stage_no))
    for c in COMMODITIES:
        for k in range(2):
            rows.append((f"{'PT' if k == 0 else 'CV'} Pembeli {c.name_id} {k + 1} (sintetis)",
                         "pedagang besar" if k else "manufaktur", str(rng.choice(regency_codes)), c.product, None, None))
    frame = pd.DataFrame(rows, columns=["name", "kind", "regency_code", "product", "chain_id", "stage_no"])
    frame.insert(0, "offtaker_id", np.arange(1, len(frame) + 1))
    return frame


def sales(business_rows: pd.DataFrame, groups: Groups, buyers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Each business report's revenue split over a main and sometimes a second channel."""
    g = business_rows["kube_id"].to_numpy() - 1
    revenue = business_rows["revenue_rupiah"].to_numpy()
    month = business_rows["month"].to_numpy().astype("datetime64[M]")
    years = (month - START).astype(int) / 12
    chain_id = groups.frame["chain_id"].fillna(0).to_numpy().astype(int)[g]
    stage = groups.frame["stage_no"].fillna(0).to_numpy().astype(int)[g]
    commodity = groups.frame["commodity"].to_numpy()[g]
    main = np.select(
        [chain_id > 0, np.isin(commodity, ["kuliner", "kelontong"]), commodity == "tenun"],
        ["offtaker", "toko", "pameran"], "pasar_lokal")
    exports = {(c, s) for c, s, k in zip(buyers["chain_id"], buyers["stage_no"], buyers["kind"]) if k == "eksportir"}
    is_export = np.array([(c, s) in exports for c, s in zip(chain_id, stage)])
    main = np.where(is_export, "ekspor", main)
    second_p = 0.05 + 0.05 * years
    has_second = rng.random(len(g)) < second_p
    second = np.where(rng.random(len(g)) < 0.7, "daring", np.where(rng.random(len(g)) < 0.5, "koperasi", "pameran"))
    share = np.where(has_second, rng.uniform(0.6, 0.9, len(g)), 1.0)

    product = np.array([c.product for c in COMMODITIES])
    price = np.array([c.unit_price for c in COMMODITIES])
    unit = np.array([c.unit for c in COMMODITIES])
    c_idx = groups.commodity_idx[g]
    prod, pr, un = product[c_idx].astype(object), price[c_idx].astype(float), unit[c_idx].astype(object)
    for c_no, chain in enumerate(CHAINS, start=1):
        for s_no, st in enumerate(chain.stages, start=1):
            sel = (chain_id == c_no) & (stage == s_no)
            prod[sel], pr[sel], un[sel] = st.product, st.unit_price, st.unit
    buyer_of = {(c, s): o for o, c, s in zip(buyers["offtaker_id"], buyers["chain_id"], buyers["stage_no"]) if pd.notna(c)}
    offtaker = np.array([buyer_of.get((c, s), 0) for c, s in zip(chain_id, stage)])

    def rows(sel: np.ndarray, channel: np.ndarray, value: np.ndarray, with_buyer: bool) -> pd.DataFrame:
        v = np.round(value[sel], -3)
        return pd.DataFrame({
            "kube_id": g[sel] + 1, "month": business_rows["month"].to_numpy()[sel], "channel": channel[sel],
            "product": prod[sel], "quantity": np.round(v / pr[sel], 1), "unit": un[sel],
            "value_rupiah": v.astype("int64"),
            "offtaker_id": pd.array(np.where(with_buyer & (offtaker[sel] > 0), offtaker[sel], 0), dtype="Int32"),
            "batch_id": 1,
        })

    everyone = np.ones(len(g), dtype=bool)
    out = pd.concat([rows(everyone, main, revenue * share, True),
                     rows(has_second, second, revenue * (1 - share), False)], ignore_index=True)
    out.loc[out["offtaker_id"] == 0, "offtaker_id"] = pd.NA
    return out[out["value_rupiah"] > 0]


def orders(buyers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Monthly demand each buyer places, growing for chain buyers."""
    months = np.arange(int(np.datetime64("2021-01", "M") - START), N_MONTHS)
    price = {c.product: c.unit_price for c in COMMODITIES}
    unit = {c.product: c.unit for c in COMMODITIES}
    for chain in CHAINS:
        for st in chain.stages:
            price[st.product], unit[st.product] = st.unit_price, st.unit
    frames = []
    for row in buyers.itertuples():
        base = rng.uniform(2e7, 8e7) if pd.notna(row.chain_id) else rng.uniform(1e7, 5e7)
        growth = np.exp(0.015 * (months - months[0]) + rng.normal(0, 0.12, len(months)))
        value = np.round(base * growth, -3)
        frames.append(pd.DataFrame({
            "offtaker_id": row.offtaker_id, "month": month_dates(months), "product": row.product,
            "quantity": np.round(value / price[row.product], 1), "unit": unit[row.product],
            "value_rupiah": value.astype("int64"), "batch_id": 1,
        }))
    return pd.concat(frames, ignore_index=True)
