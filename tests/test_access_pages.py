"""The login gate and the scope on every page, through AppTest (`at.user` as a real login sets it)."""
from __future__ import annotations

import shutil
import time

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics.access.accounts import AccountStore
from analytics.config import ROOT
from tests.access_users import claims

APP = str(ROOT / "dashboard.py")
DATA_PAGES = ["pages/ringkasan.py", "pages/peta.py", "pages/profil_wilayah.py", "pages/kelompok.py",
              "pages/pendamping.py", "pages/rantai_nilai.py", "pages/dampak.py", "pages/metodologi.py"]


@pytest.fixture(scope="module")
def db(tiny_demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("access_pages") / "pages.duckdb"
    shutil.copy(tiny_demo, path)
    mp = pytest.MonkeyPatch()
    mp.setenv("KUBE_DB", str(path))
    yield path
    mp.undo()


@pytest.fixture(scope="module")
def other_provinces(db) -> list[str]:
    """Names of every province but Sulawesi Tengah (72), and of their regencies."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM provinces WHERE province_code <> '72' UNION ALL "
                                           "SELECT name FROM regencies WHERE province_code <> '72'").fetchall()]
    finally:
        con.close()
    return names


def run(page: str | None, user: dict, secrets: dict | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = user
    for name, value in (secrets or {}).items():
        at.secrets[name] = value
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page and page != "pages/ringkasan.py":
        at.switch_page(page).run()
    return at


def everything(at: AppTest) -> str:
    """Every text and every table cell the run drew."""
    parts = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "warning", "info",
                                  "error", "success") for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [str(o) for s in at.selectbox for o in s.options]          # options as shown
    for frame in at.dataframe:         # a source citation may name other provinces: it is no figure
        parts.append(frame.value.drop(columns=["Sumber", "Source"], errors="ignore").to_csv())
    return "\n".join(str(p) for p in parts)


def clean(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not [e.value for e in at.error if "kesalahan" in e.value], [e.value for e in at.error]


@pytest.mark.parametrize("page", [None, *DATA_PAGES, "pages/impor.py", "pages/admin_akun.py"])
def test_an_anonymous_visitor_sees_only_the_login_page(db, page):
    at = run(page, {"is_logged_in": False}, prov="72")
    assert [t.value for t in at.title] == ["Pantau KUBE: masuk"]
    text = everything(at)
    assert "DATA SINTETIS" not in text and "Sulawesi" not in text
    assert not at.metric and not at.dataframe and not at.selectbox
    assert any("belum dikonfigurasi" in w.value for w in at.warning)      # AppTest has no [auth]: said so


@pytest.mark.parametrize("page", DATA_PAGES)
def test_a_provincial_viewer_sees_only_its_province_on_every_page(db, other_provinces, page):
    at = run(page, claims("viewer", "72"))
    clean(at)
    province = at.selectbox(key="w_province_id")
    assert province.options == ["Sulawesi Tengah"] and province.value == "72"
    text = everything(at)
    shown = [name for name in other_provinces if name in text]
    assert shown == [], shown


def test_a_link_naming_another_province_shows_none_of_its_figures(db, other_provinces):
    at = run(None, claims("viewer", "72"), prov="73", kab="73.71")
    clean(at)
    notice = [w.value for w in at.warning if "di luar hak akses" in w.value]
    assert notice and "prov=73" in notice[0]
    assert at.selectbox(key="w_province_id").value == "72"
    assert not [name for name in other_provinces if name in everything(at)]


def test_a_regency_scope_offers_only_its_regencies_and_no_province_total(db):
    at = run("pages/profil_wilayah.py", claims("viewer", "72.01"))
    clean(at)
    regency = at.selectbox(key="w_regency_id")
    assert regency.value == "72.01" and None not in regency.options and len(regency.options) == 1
    assert "Profil Wilayah: Kabupaten Banggai" in [t.value for t in at.title]


def test_a_viewer_gets_chart_images_but_no_table_downloads_or_member_rows(db):
    viewer = run(None, claims("viewer", "72"))
    labels = {b.label for b in viewer.get("download_button")}
    assert {"PNG", "SVG", "PDF"} <= labels and not labels & {"CSV", "XLSX"}
    analyst = run(None, claims("analyst", "72"))
    assert {"CSV", "XLSX"} <= {b.label for b in analyst.get("download_button")}
    groups = run("pages/kelompok.py", claims("viewer", "72"))
    assert any("hanya untuk peran analis" in i.value for i in groups.info)


def test_pages_are_offered_by_role(db):
    def menu(user):
        at = run(None, user)
        clean(at)
        return at

    with pytest.raises(ValueError, match="Could not find a navigation page"):
        run("pages/impor.py", claims("viewer", "72"))          # not in a viewer's menu at all
    operator = run("pages/impor.py", claims("operator", "72"))
    clean(operator)
    assert "Impor Data" in [t.value for t in operator.title]
    admin = menu(claims("admin", "00"))
    assert "Metodologi" in [t.value for t in admin.title]          # admin's first page: no figures
    assert not admin.metric


def test_national_figures_are_not_shown_to_a_provincial_user(db):
    national = everything(run(None, claims("pusat", "00")))
    provincial = everything(run(None, claims("viewer", "72")))
    assert "Sejak awal program" in national or "sejak" in national.lower()
    assert national != provincial
    chains = run("pages/rantai_nilai.py", claims("viewer", "72"))
    assert not [c for c in chains.get("plotly_chart")][:1] or "Sulawesi Selatan" not in everything(chains)


def test_an_expired_session_is_refused_with_a_message(db):
    at = run(None, claims("viewer", "72", issued_at=time.time() - 9 * 3600))
    assert any("telah berakhir" in e.value for e in at.error)
    assert not at.metric and "DATA SINTETIS" not in everything(at)
    short = run(None, claims("viewer", "72", issued_at=time.time() - 120), secrets={"access": {"session_minutes": 1}})
    assert any("1 menit" in e.value for e in short.error)


def test_a_user_without_role_or_region_sees_no_data(db):
    at = run(None, claims("tamu", "72"))
    assert any("belum diberi peran" in e.value for e in at.error)
    assert not at.metric and not at.dataframe


def test_a_disabled_or_changed_embedded_account_ends_its_session(db):
    store = AccountStore()
    store.add("wati", "Wati", ["viewer"], "72")
    embedded = {"access": {"provider": "embedded"}}
    later = time.time() + 5
    ok = run(None, claims("viewer", "72", sub="wati", issued_at=later), secrets=embedded)
    clean(ok)
    assert ok.metric
    store.set_disabled("wati", True)
    off = run(None, claims("viewer", "72", sub="wati", issued_at=later), secrets=embedded)
    assert any("dinonaktifkan" in e.value for e in off.error) and not off.metric
    store.set_disabled("wati", False)
    changed = run(None, claims("viewer", "72", sub="wati", issued_at=time.time() - 60), secrets=embedded)
    assert any("diubah sejak Anda masuk" in e.value for e in changed.error)
    stranger = run(None, claims("viewer", "72", sub="nobody"), secrets=embedded)
    assert any("dinonaktifkan" in e.value for e in stranger.error)
