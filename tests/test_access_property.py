"""Property: for every role (at several scopes) x every page it may open x every export the page
offers, nothing outside the caller's scope is shown or exported, whatever the link says.

Checked on the database this test session built (`tiny_demo`): its own region codes and names.
Each case runs the real dashboard in AppTest with a link drawn by hypothesis (provinces,
regencies, facilitators and compared regions inside and outside the scope, unknown values) plus
two fixed links (everything outside; everything inside), then
- the page (text, metrics, tables, select options, charts' data) names no region outside the scope,
- every download the page offers is made as a click makes it (`auth.audited`, permission checked
  and logged): CSV/XLSX tables, and for images and briefings the figure or briefing data they are
  drawn from (the Chromium step replaced by the figure's JSON, which is what the image shows), and
  each names no region outside the scope, and every region-code column holds codes inside it.
"""
from __future__ import annotations

import io
import json
import os
import re
import shutil

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from streamlit.testing.v1 import AppTest

from analytics.access import roles
from analytics.access.scope import Scope
from analytics.config import ROOT
from analytics.ui import frame
from tests.access_users import claims

APP = str(ROOT / "dashboard.py")
FILES = {path: file for path, file, _ in frame.PAGES}
# name -> (roles, scope): every role, national, provincial, regency and mixed scopes
USERS = {
    "pusat": (["pusat"], ["00"]),
    "viewer": (["viewer"], ["72"]),
    "analyst": (["analyst"], ["72.01"]),
    "operator": (["operator"], ["72"]),
    "analyst_operator": (["analyst", "operator"], ["72.01", "73.71"]),
    "admin": (["admin"], ["72"]),
}
CASES = [(user, page) for user, (held, _) in USERS.items()
         for page in roles.pages(roles.parse_roles(held))]
CODE_COLUMNS = ("region_code", "regency_code", "province_code")
EXAMPLES = int(os.environ.get("KUBE_PROPERTY_EXAMPLES", "1"))
# Pages whose charts or tables offer downloads to every role that may open them
WITH_DOWNLOADS = {"ringkasan", "peta", "profil_wilayah", "bandingkan", "kelompok", "rantai_nilai", "dampak",
                  "kualitas"}


class World:
    """What the test database holds: region names by code, a facilitator per regency."""

    def __init__(self, path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            self.provinces = dict(con.execute("SELECT province_code, name FROM provinces").fetchall())
            self.regencies = dict(con.execute("SELECT regency_code, name FROM regencies").fetchall())
            self.facilitators = dict(con.execute(
                "SELECT regency_code, min(facilitator_id) FROM facilitators GROUP BY 1").fetchall())
        finally:
            con.close()

    def outside_names(self, scope: Scope) -> list[str]:
        """Names of regions with nothing inside the scope (a province the scope touches may be
        named: 'Kabupaten Banggai, Sulawesi Tengah'; its total must not be shown, see codes)."""
        return sorted({n for c, n in self.provinces.items() if not scope.touches(c)}
                      | {n for c, n in self.regencies.items() if not scope.contains(c)}, key=len, reverse=True)

    def inside_names(self, scope: Scope) -> list[str]:
        return sorted({n for c, n in self.provinces.items() if scope.touches(c)}
                      | {n for c, n in self.regencies.items() if scope.contains(c)}, key=len, reverse=True)


@pytest.fixture(scope="module")
def world(tiny_demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("access_property") / "property.duckdb"
    shutil.copy(tiny_demo, path)
    mp = pytest.MonkeyPatch()
    mp.setenv("KUBE_DB", str(path))
    yield World(path)
    mp.undo()


def figure_data(fig, fmt: str) -> bytes:
    """What an image of `fig` draws: its traces and texts. A map's boundaries (`geojson`) are
    left out: the outlines of neighbouring regencies are public geography, not rows; the regions
    a map colours are its `locations`, checked as codes."""
    data = fig.to_plotly_json()
    for trace in data.get("data", []):
        trace.pop("geojson", None)
    return json.dumps(data, default=str).encode("utf-8")


@pytest.fixture(scope="module")
def exports():
    """Every download a page run offers, recorded with the function a click calls; Chromium's
    part replaced by the data it draws (the figure's JSON, the briefing's frames)."""
    from analytics.export import briefing
    from analytics.ui import auth, export

    made: list[tuple[str, str, object]] = []
    original = auth.audited

    def recording(make, what, fmt, region, permission):
        run = original(make, what, fmt, region, permission)
        made.append((what, fmt, run))
        return run

    def briefing_data(b) -> bytes:
        parts = [b.place, *b.sentences, *(f.label for f in b.headlines if f),
                 *(frame.to_csv(index=False) for frame in (b.trend, b.ranked, b.map_values))]
        return "\n".join(str(p) for p in parts).encode("utf-8")

    mp = pytest.MonkeyPatch()
    mp.setattr(auth, "audited", recording)
    mp.setattr(export, "chromium_path", lambda: "/usr/bin/chromium")
    mp.setattr(export, "image_bytes", figure_data)
    mp.setattr(briefing, "to_pdf", briefing_data)
    mp.setattr(briefing, "to_pptx", briefing_data)
    yield made
    mp.undo()


def links(world: World):
    """Link parameters a person could type: codes inside and outside any scope, and garbage."""
    provinces, regencies = sorted(world.provinces), sorted(world.regencies)
    regions = st.sampled_from([*provinces, *regencies, "00", "99", "72.99", "x"])
    return st.fixed_dictionaries({}, optional={
        "prov": st.sampled_from([*provinces, "00", "99", "abc"]),
        "kab": st.sampled_from([*regencies, "72", "99.99"]),
        "pend": st.sampled_from([str(f) for f in world.facilitators.values()] + ["0", "-1"]),
        "banding": st.lists(regions, min_size=1, max_size=5).map(",".join),
        "lang": st.sampled_from(["id", "en"]),
    })


def shown(at: AppTest) -> str:
    """Everything the run drew: texts, metrics, options, tables, and the charts' data."""
    parts = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "warning", "info",
                                  "error", "success", "code") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(o) for s in [*at.selectbox, *at.multiselect] for o in s.options]
    parts += [f.value.drop(columns=["Sumber", "Source"], errors="ignore").to_csv() for f in at.dataframe]
    parts += [str(chart.proto) for chart in at.get("plotly_chart")]
    return "\n".join(str(p) for p in parts)


def leaked(text: str, world: World, scope: Scope) -> list[str]:
    for name in world.inside_names(scope):        # 'Kab. Banggai Kepulauan' holds 'Kab. Banggai'
        text = text.replace(name, "\x00")
    return [name for name in world.outside_names(scope) if name in text]


def as_text(data: bytes, fmt: str) -> tuple[str, list[pd.DataFrame]]:
    """A download as text, and its tables (CSV and XLSX sheets)."""
    if fmt == "csv":
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        return data.decode("utf-8-sig"), [table]
    if fmt == "xlsx":
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str, header=0, engine="openpyxl")
        return "\n".join(s.to_csv(index=False) for s in sheets.values()), list(sheets.values())
    text = data.decode("utf-8")
    if fmt in ("png", "svg", "pdf") and text.startswith("{"):    # a figure's data: the regions it colours
        traces = json.loads(text).get("data", [])
        codes = [str(c) for trace in traces for c in (trace.get("locations") or [])]
        return text, [pd.DataFrame({"region_code": codes})]
    return text, []


def codes_outside(table: pd.DataFrame, scope: Scope) -> list[str]:
    found = []
    for column in (c for c in table.columns if c in CODE_COLUMNS):
        found += [c for c in table[column].dropna().astype(str) if re.fullmatch(r"\d\d(\.\d\d)?", c)
                  and not scope.contains(c)]
    return found


def check(world: World, made: list, user: str, page: str, link: dict[str, str]) -> int:
    """Run the page as `user` on `link`; returns how many downloads were made and checked."""
    held, codes = USERS[user]
    scope = Scope.of(codes)
    made.clear()
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = claims(held, codes, sub=f"prop.{user}")
    for name, value in link.items():
        at.query_params[name] = value
    at.run()
    if page != roles.pages(roles.parse_roles(held))[0]:
        at.switch_page(FILES[page]).run()
    case = (user, page, link)
    assert not at.exception, (case, at.exception)
    assert not [e.value for e in at.error if "kesalahan" in e.value or "went wrong" in e.value], case
    assert leaked(shown(at), world, scope) == [], case
    for dataframe in at.dataframe:          # the accounts page and the audit log: codes per row
        table = dataframe.value
        for column in [c for c in table.columns if c in ("Wilayah akses", "Access region", "region")]:
            cells = [c for cell in table[column].dropna().astype(str) for c in re.split(r"[,\s]+", cell) if c]
            assert all(scope.contains(c) for c in cells), (case, column, cells)
    for what, fmt, run in list(made):
        text, tables = as_text(run(), fmt)
        assert leaked(text, world, scope) == [], (case, what)
        for table in tables:
            assert codes_outside(table, scope) == [], (case, what)
    return len(made)


@pytest.mark.parametrize(("user", "page"), CASES, ids=[f"{u}-{p}" for u, p in CASES])
def test_no_role_page_or_export_shows_a_row_outside_the_scope_whatever_the_link(world, exports, user, page):
    scope = Scope.of(USERS[user][1])
    inside = sorted(r for r in world.regencies if scope.contains(r))
    outside = sorted(r for r in world.regencies if not scope.contains(r)) or ["99.99"]   # pusat: none
    facilitator = {kind: next((str(f) for r, f in sorted(world.facilitators.items()) if scope.contains(r) == kind),
                              "0") for kind in (True, False)}
    hostile = {"prov": outside[-1][:2], "kab": outside[-1], "pend": facilitator[False],
               "banding": ",".join([outside[0][:2], outside[0], inside[0]])}
    friendly = {"prov": inside[0][:2], "kab": inside[0], "pend": facilitator[True], "banding": ",".join(inside[:2])}

    downloads = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(link=links(world))
    @example(link=hostile)
    @example(link=friendly)
    def prop(link):
        downloads.append(check(world, exports, user, page, link))

    prop()
    if page in WITH_DOWNLOADS:                # the exports were really made and checked
        assert sum(downloads) > 0, (user, page)
