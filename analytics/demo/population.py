"""Synthetic groups, facilitators and members: who exists, where, and their hidden traits."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.demo.catalogue import (
    BASE_WEIGHTS, CHAINS, CITY_WEIGHTS, COMMODITIES, COMMODITY_INDEX, FIRST_NAMES, GROUP_NAMES,
    LAST_NAMES, PROVINCE_COMMODITIES,
)
from analytics.demo.timeline import FORM_FIRST, FORM_LAST, N_MONTHS

# Relative incidence of poverty used to weight group counts (synthetic, east > west, rural > urban).
POVERTY_WEIGHT = {**{c: 2.0 for c in ("53", "81", "82", "91", "92", "93", "94", "95", "96")},
                  **{c: 1.3 for c in ("11", "17", "18", "52", "62", "72", "73", "74", "75", "76")},
                  **{c: 0.5 for c in ("31", "36", "51", "21", "19")}}
CITY_FACTOR = 0.6
GROUPS_PER_FACILITATOR = 10


@dataclass
class Groups:
    frame: pd.DataFrame          # the kube table's columns
    province_idx: np.ndarray     # index into the province list
    commodity_idx: np.ndarray
    formed_m: np.ndarray         # month index
    death_m: np.ndarray          # first month without reports (N_MONTHS if alive)
    success: np.ndarray          # latent group success, N(0, 1)
    facilitator_quality: np.ndarray
    in_chain: np.ndarray         # bool
    size: np.ndarray


def allocate(weights: np.ndarray, total: int, minimum: np.ndarray) -> np.ndarray:
    """Integer counts proportional to weights, at least `minimum` each, summing to `total`."""
    spare = max(total - int(minimum.sum()), 0)
    raw = weights / weights.sum() * spare
    counts = np.floor(raw).astype(int)
    remainder = spare - counts.sum()
    counts[np.argsort(raw - counts)[::-1][:remainder]] += 1
    return counts + minimum


def make_groups(regencies: pd.DataFrame, province_codes: list[str], n_groups: int,
                rng: np.random.Generator) -> tuple[Groups, pd.DataFrame]:
    """Groups per regency in proportion to population and poverty, with facilitators."""
    weights = (regencies["population"].fillna(regencies["population"].median()).to_numpy()
               * regencies["province_code"].map(POVERTY_WEIGHT).fillna(1.0).to_numpy()
               * np.where(regencies["kind"] == "kota", CITY_FACTOR, 1.0))
    minimum = np.ones(len(regencies), dtype=int)
    chain_regency = {c.regency_code: 3 * len(c.stages) for c in CHAINS}
    minimum += regencies["regency_code"].map(chain_regency).fillna(0).astype(int).to_numpy()
    per_regency = allocate(weights, n_groups, minimum)
    reg_idx = np.repeat(np.arange(len(regencies)), per_regency)
    g = len(reg_idx)
    reg_codes = regencies["regency_code"].to_numpy()[reg_idx]
    prov_of = {c: i for i, c in enumerate(province_codes)}
    province_idx = np.array([prov_of[c[:2]] for c in reg_codes])

    # Staggered cohorts: more groups formed in the early years than late.
    span = np.arange(FORM_FIRST, FORM_LAST + 1)
    form_w = np.linspace(3.0, 1.0, len(span))
    formed_m = rng.choice(span, size=g, p=form_w / form_w.sum())

    commodity_idx = np.empty(g, dtype=int)
    is_city = (regencies["kind"].to_numpy() == "kota")[reg_idx]
    for p_i, code in enumerate(province_codes):
        for city in (False, True):
            sel = np.flatnonzero((province_idx == p_i) & (is_city == city))
            if sel.size == 0:
                continue
            w = np.array([BASE_WEIGHTS.get(c.code, 0.1) + PROVINCE_COMMODITIES.get(code, {}).get(c.code, 0.0)
                          + (CITY_WEIGHTS.get(c.code, 0.0) if city else 0.0) for c in COMMODITIES])
            commodity_idx[sel] = rng.choice(len(COMMODITIES), size=sel.size, p=w / w.sum())

    chain_id = np.zeros(g, dtype=int)
    stage_no = np.zeros(g, dtype=int)
    for c_no, chain in enumerate(CHAINS, start=1):
        sel = np.flatnonzero(reg_codes == chain.regency_code)
        take = sel[: max(3 * len(chain.stages), sel.size // 3)]
        chain_id[take] = c_no
        stage_no[take] = np.arange(take.size) % len(chain.stages) + 1
        commodity_idx[take] = COMMODITY_INDEX[chain.commodity]
        formed_m[take] = np.maximum(formed_m[take], FORM_FIRST + 24)   # chains began in 2021
    in_chain = chain_id > 0

    success = rng.normal(0, 1, g)
    hazard = 0.0038 * np.exp(-0.8 * success - 0.5 * in_chain)
    life = rng.geometric(np.clip(hazard, 1e-4, 0.5))
    death_m = np.minimum(formed_m + 6 + life, N_MONTHS)

    # Facilitators: consecutive blocks of ~10 groups within a province (neighbouring regencies).
    order = np.lexsort((formed_m, reg_idx, province_idx))
    facilitator_of = np.empty(g, dtype=int)
    fac_rows = []
    next_id = 1
    starts = np.flatnonzero(np.r_[True, province_idx[order][1:] != province_idx[order][:-1]])
    for s, e in zip(starts, np.r_[starts[1:], g]):
        for block in np.array_split(order[s:e], int(np.ceil((e - s) / GROUPS_PER_FACILITATOR))):
            facilitator_of[block] = next_id
            fac_rows.append((next_id, reg_codes[block[0]], formed_m[block].min()))
            next_id += 1
    fac = pd.DataFrame(fac_rows, columns=["facilitator_id", "regency_code", "start_m"])
    first = rng.choice(FIRST_NAMES, len(fac))
    last = rng.choice(LAST_NAMES, len(fac))
    fac["name"] = [f"{a} {b}" for a, b in zip(first, last)]
    quality = rng.normal(0, 1, len(fac))
    facilitator_quality = quality[facilitator_of - 1]

    size = np.clip(np.round(rng.lognormal(np.log(10), 0.3, g)), 5, 20).astype(int)
    names = rng.choice(GROUP_NAMES, g)
    kube_id = np.arange(1, g + 1)
    frame = pd.DataFrame({
        "kube_id": kube_id,
        "name": [f"KUBE {n} {i}" for n, i in zip(names, kube_id)],
        "regency_code": reg_codes,
        "formed_m": formed_m,
        "commodity": [COMMODITIES[i].code for i in commodity_idx],
        "business_type": [COMMODITIES[i].business_type for i in commodity_idx],
        "chain_id": pd.array(np.where(in_chain, chain_id, 0), dtype="Int32"),
        "stage_no": pd.array(np.where(in_chain, stage_no, 0), dtype="Int32"),
        "facilitator_id": facilitator_of,
        "grant_rupiah": size * 2_000_000,
    })
    frame.loc[~in_chain, ["chain_id", "stage_no"]] = pd.NA
    groups = Groups(frame, province_idx, commodity_idx, formed_m, death_m, success,
                    facilitator_quality, in_chain, size)
    return groups, fac


@dataclass
class Members:
    kube_idx: np.ndarray         # index into groups
    join_m: np.ndarray
    first_m: np.ndarray          # first reported month (start of baseline)
    last_m: np.ndarray           # last month the member could report
    exit_m: np.ndarray           # N_MONTHS if never exited
    household_size: np.ndarray
    size_change_m: np.ndarray    # month the household grows by one, or -1
    head_female: np.ndarray
    level: np.ndarray            # baseline log ratio to the poverty line
    volatility: np.ndarray       # sd of monthly log-income noise
    effect: np.ndarray           # planted long-run effect on log income
    miss_rate: np.ndarray


def make_members(groups: Groups, effect_params: dict, rng: np.random.Generator) -> Members:
    """Member households, their baselines and how much joining will lift their income."""
    kube_idx = np.repeat(np.arange(len(groups.size)), groups.size)
    n = len(kube_idx)
    join_m = groups.formed_m[kube_idx] + np.where(rng.random(n) < 0.15, rng.integers(1, 4, n), 0)
    first_m = join_m - rng.integers(6, 13, n)
    exited = rng.random(n) < 0.04
    exit_m = np.where(exited, join_m + rng.integers(3, 48, n), N_MONTHS)
    last_m = np.minimum(np.minimum(groups.death_m[kube_idx], exit_m), N_MONTHS) - 1
    household_size = np.clip(rng.poisson(3.3, n) + 1, 1, 10)
    size_change_m = np.where(rng.random(n) < 0.03, rng.integers(first_m, np.maximum(last_m, first_m + 1)), -1)
    p = effect_params
    effect = (p["base"] + p["per_success_sd"] * groups.success[kube_idx]
              + p["per_facilitator_sd"] * groups.facilitator_quality[kube_idx]
              + p["value_chain"] * groups.in_chain[kube_idx]
              + rng.normal(0, p["member_sd"], n))
    quality = groups.facilitator_quality[kube_idx]
    miss_rate = np.clip(rng.beta(1, 25, n) + np.where(quality < -1, 0.06, 0.0), 0, 0.5)
    return Members(kube_idx, join_m, first_m, last_m, exit_m, household_size, size_change_m,
                   rng.random(n) < 0.27, rng.normal(np.log(0.82), 0.33, n),
                   rng.uniform(0.05, 0.30, n), effect, miss_rate)
