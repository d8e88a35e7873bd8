"""Month indexing and the monthly context a household lives in (lines, seasons, shocks)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.demo.catalogue import COMMODITIES, IDUL_ADHA_MONTHS, LEBARAN_MONTHS

START = np.datetime64("2018-07", "M")      # first month with reports (baselines of 2019 cohorts)
END = np.datetime64("2026-10", "M")        # latest month reported
N_MONTHS = int(END - START) + 1
FORM_FIRST = int(np.datetime64("2019-07", "M") - START)
FORM_LAST = int(np.datetime64("2025-06", "M") - START)


def month_index(month: str) -> int:
    return int(np.datetime64(month, "M") - START)


def month_dates(index: np.ndarray) -> np.ndarray:
    """Month indices to first-of-month dates (datetime64[D])."""
    return (START + index.astype("int64")).astype("datetime64[D]")


def line_matrix(lines: pd.DataFrame, province_codes: list[str]) -> np.ndarray:
    """The generator's per-capita line for each province and month (shape P x N_MONTHS).

    Published provincial lines where they exist (latest at or before the month); before a
    province's first line, that line scaled by the national series; no provincial line at
    all: the national series. This is only the level incomes are drawn around.
    """
    months = month_dates(np.arange(N_MONTHS))
    periods = pd.to_datetime(lines["period"]).to_numpy().astype("datetime64[D]")
    national = lines["province_code"].to_numpy() == "00"

    def series(mask: np.ndarray) -> np.ndarray:
        p, v = periods[mask], lines["line_per_capita"].to_numpy()[mask].astype(float)
        order = np.argsort(p)
        p, v = p[order], v[order]
        if len(p) == 0:
            return np.full(N_MONTHS, np.nan), None, None
        pos = np.searchsorted(p, months, side="right") - 1
        out = np.where(pos >= 0, v[np.clip(pos, 0, None)], np.nan)
        return out, (p[0] if len(p) else None), (v[0] if len(v) else None)

    nat, _, _ = series(national)
    nat = pd.Series(nat).bfill().to_numpy()
    matrix = np.empty((len(province_codes), N_MONTHS))
    for i, code in enumerate(province_codes):
        own, first_p, first_v = series(lines["province_code"].to_numpy() == code)
        if first_p is None:
            matrix[i] = nat
            continue
        nat_at_first = nat[min(int(first_p.astype("datetime64[M]") - START), N_MONTHS - 1)]
        matrix[i] = np.where(np.isnan(own), first_v * nat / nat_at_first, own)
    return matrix


def season_matrix() -> np.ndarray:
    """Log-income seasonality per commodity and month (shape C x N_MONTHS)."""
    months = START + np.arange(N_MONTHS)
    moy = months.astype("datetime64[M]").astype(int) % 12 + 1
    out = np.zeros((len(COMMODITIES), N_MONTHS))
    lebaran = np.isin(months.astype(str), LEBARAN_MONTHS)
    after_lebaran = np.roll(lebaran, 1)
    adha = np.isin(months.astype(str), IDUL_ADHA_MONTHS)
    for i, c in enumerate(COMMODITIES):
        out[i] += np.where(np.isin(moy, c.harvest_months), 0.12, 0.0)
        out[i] -= np.where(np.isin(moy, c.lean_months), 0.10, 0.0)
        trade = c.code in ("kuliner", "kelontong", "tenun")
        out[i] += np.where(lebaran, 0.18 if trade else 0.07, 0.0)
        out[i] -= np.where(after_lebaran, 0.05, 0.0)
        if c.code == "ternak":
            out[i] += np.where(adha, 0.35, 0.0)
    return out


def shock_matrix(province_codes: list[str], rng: np.random.Generator) -> np.ndarray:
    """Regional shocks on log income (shape P x N_MONTHS): AR(1) noise plus known events."""
    n = len(province_codes)
    out = np.zeros((n, N_MONTHS))
    noise = rng.normal(0, 0.03, size=(n, N_MONTHS))
    for t in range(1, N_MONTHS):
        out[:, t] = 0.8 * out[:, t - 1] + noise[:, t]
    t = np.arange(N_MONTHS)

    def event(start: str, depth: float, recovery_months: float) -> np.ndarray:
        s = month_index(start)
        return np.where(t >= s, -depth * np.exp(-(t - s) / recovery_months), 0.0)

    out += event("2020-04", 0.18, 8.0)                         # COVID-19, nationwide
    index = {c: i for i, c in enumerate(province_codes)}
    for code, start, depth, rec in (("72", "2018-09", 0.30, 6.0),   # Palu earthquake, tsunami
                                    ("52", "2018-08", 0.25, 6.0),   # Lombok earthquakes
                                    ("53", "2021-04", 0.20, 4.0),   # Cyclone Seroja
                                    ("32", "2022-11", 0.05, 3.0)):  # Cianjur earthquake
        if code in index:
            out[index[code]] += event(start, depth, rec)
    return out
