"""The frame every page shares: language, the sidebar's filters, policy and month, notices about
link values that were ignored, and the page list."""
from __future__ import annotations

import streamlit as st

from analytics import reference_names, urlstate
from analytics.access.scope import Scope
from analytics.formatting import month as fmt_month, percent
from analytics.i18n import LANGUAGES, t
from analytics.metrics import queries
from analytics.metrics.policy import Policy, PolicyError, spec, url_fields
from analytics.ui import cache, state
from analytics.ui.state import View, choose

MAP_INDICATORS = ("share_steady", "share_steady_change", "share_poor", "share_poor_change", "share_independent",
                  "share_independent_change", "exit_rate_12m", "median_pl_ratio", "median_income_change",
                  "completeness", "active_members", "groups", "groups_alive")
PAGES = (  # url path, file, title key
    ("ringkasan", "pages/ringkasan.py", "page.overview"),
    ("peta", "pages/peta.py", "page.map"),
    ("profil_wilayah", "pages/profil_wilayah.py", "page.region"),
    ("bandingkan", "pages/bandingkan.py", "page.compare"),
    ("kelompok", "pages/kelompok.py", "page.groups"),
    ("pendamping", "pages/pendamping.py", "page.facilitators"),
    ("rantai_nilai", "pages/rantai_nilai.py", "page.chains"),
    ("dampak", "pages/dampak.py", "page.impact"),
    ("kualitas", "pages/kualitas.py", "page.quality"),
    ("impor", "pages/impor.py", "page.import"),
    ("metodologi", "pages/metodologi.py", "page.method"),
    ("admin_akun", "pages/admin_akun.py", "page.accounts"),
    ("admin_audit", "pages/admin_audit.py", "page.audit"),
)
SCOPE_NOTICES = "kube_scope_notices"


def options(con) -> urlstate.Options:
    """What a link may name in this database (every region: one outside the caller's scope is
    then dropped by `confine` with a notice of its own)."""
    c = cache.all_choices(con, cache.db_key())
    return urlstate.Options(provinces=c.provinces, regencies=c.regencies, commodities=c.commodities,
                            chains=c.chains, facilitator_regency=c.facilitator_regency, cohorts=c.cohorts,
                            months=c.months, indicators=MAP_INDICATORS)


def language() -> str:
    """The language switch (first in the sidebar, so everything below is drawn in it)."""
    return choose(st.sidebar.segmented_control, t("app.language", "id") + " / " + t("app.language", "en"),
                  LANGUAGES, name="lang", lang="any", format_func=str.upper)


STYLE = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
:root { --kube-lang: "LANG"; }
</style>"""


def style(lang: str) -> None:
    """Less space above the page, so a page's first screen holds its figure (the map at 1280 x 720);
    the page's language for the front end's own labels (analytics/ui/front_end.py)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    st.html(STYLE.replace("LANG", lang))


def confine(scope: Scope) -> None:
    """On a session's first run: the link's region, regency, facilitator or compared regions
    outside the caller's scope are dropped and named (nothing in a link widens the scope; the sidebar then offers
    only regions inside it)."""
    if SCOPE_NOTICES in st.session_state:
        return
    current = state.get()
    c = cache.all_choices(cache.cursor(), cache.db_key())
    dropped, changes = [], {}
    if current.province and not scope.touches(current.province):
        dropped.append(f"prov={current.province}")
        changes.update(province=None, regency=None, facilitator=None)
    if current.regency and not scope.contains(current.regency):
        dropped.append(f"kab={current.regency}")
        changes["regency"] = None
    if current.facilitator is not None and not scope.contains(c.facilitator_regency.get(current.facilitator)):
        dropped.append(f"pend={current.facilitator}")
        changes["facilitator"] = None
    outside = [code for code in current.compare if not scope.contains(code)]
    if outside:
        dropped.extend(f"banding={code}" for code in outside)
        changes["compare"] = tuple(code for code in current.compare if scope.contains(code))
    if changes:
        opened, others = st.session_state.get(state.NOTICES, (None, ()))
        state.update(**changes)
        st.session_state[state.NOTICES] = (state.get(), others if opened == current else ())
    st.session_state[SCOPE_NOTICES] = (state.get(), tuple(dropped))


def link_notices(lang: str) -> None:
    """Values of the link that were ignored, named, on every page until the session moves on."""
    dropped = state.notices()
    if dropped:
        st.warning(t("app.link_ignored", lang, values=urlstate.markdown_escape(", ".join(dropped))), icon=":material/link_off:")
    opened, outside = st.session_state.get(SCOPE_NOTICES, (None, ()))
    if outside and state.get() == opened:
        st.warning(t("auth.outside_scope", lang, values=urlstate.markdown_escape(", ".join(outside))), icon="🔒")


def sidebar(con, lang: str, scope: Scope) -> View:
    """The shared filters, the policy expander and the month; returns the view every page uses.
    Regions are those of the caller's scope; "all" is offered only where the whole of it is in
    scope (the nation, a province), so the view's region always lies inside the scope."""
    key = cache.db_key()
    c = cache.choices(con, key)
    everyone = t("filter.all", lang)
    if not c.provinces:
        st.warning(t("auth.no_region", lang, scope=str(scope)))
        st.stop()

    def named(mapping):
        return lambda v: everyone if v is None else mapping.get(v, str(v))

    bar = st.sidebar
    bar.markdown(f"**{t('filter.heading', lang)}**")
    provinces = [None, *c.provinces] if scope.national else list(c.provinces)
    province = choose(bar.selectbox, t("filter.province", lang), provinces, name="province",
                      lang=lang, format_func=named(c.provinces))
    regencies = {code: n for code, n in c.regencies.items() if province and code.startswith(province + ".")}
    whole = [None] if scope.contains(province) else []
    regency = choose(bar.selectbox, t("filter.regency", lang), [*whole, *regencies], name="regency", lang=lang,
                     format_func=named(regencies)) if province else None
    commodity = choose(bar.selectbox, t("filter.commodity", lang), [None, *c.commodities], name="commodity",
                       lang=lang, format_func=lambda v: everyone if v is None else reference_names.commodity(v, lang))
    chain = choose(bar.selectbox, t("filter.chain", lang), [None, *c.chains], name="chain", lang=lang,
                   format_func=lambda v: everyone if v is None else reference_names.term(c.chains[v], lang))
    # Facilitators are many (about 10,000 nationally): listed once a province is chosen.
    facilitators = {k: n for k, n in c.facilitators.items()
                    if province and c.facilitator_regency.get(k, "").startswith(province + ".")}
    facilitator = choose(bar.selectbox, t("filter.facilitator", lang), [None, *facilitators], name="facilitator",
                         lang=lang, format_func=named(facilitators)) if province else None
    cohort = choose(bar.selectbox, t("filter.cohort", lang), [None, *c.cohorts], name="cohort", lang=lang,
                    format_func=lambda v: everyone if v is None else str(v))
    state.update_quietly(regency=regency, facilitator=facilitator)

    policy = policy_expander(lang)
    cache.ensure_marts(con, policy, lang)
    key = cache.db_key()          # building marts for a new policy changes the file
    months_now = cache.month_state(con, key, policy)
    default = months_now.latest_complete
    months = [m for m in cache.choices(con, key).months if default is None or m <= default]
    month = None
    if months:
        month = choose(bar.select_slider, t("filter.period", lang), months, name="month", lang=lang,
                       default=default, format_func=lambda m: fmt_month(m, lang, short=True))
        if month == default:
            state.update_quietly(month=None)
    provisional_note(months_now, lang)
    state.sync_link(default)
    filters = queries.Filters(commodity=commodity, chain=chain, facilitator=facilitator, cohort=cohort)
    return View(lang, policy, province, regency, filters, month)


def provisional_note(months_now, lang: str) -> None:
    """The months after the latest complete month, named with their completeness (never shown as figures)."""
    if months_now.latest_complete is None or months_now.provisional.empty:
        return
    listed = ", ".join(f"{fmt_month(r.month, lang)} {percent(r.month_completeness, lang)}"
                       for r in months_now.provisional.itertuples())
    st.sidebar.caption(":material/hourglass_top: " + t("filter.provisional", lang, months=listed,
                                 threshold=percent(months_now.threshold, lang),
                                 complete=fmt_month(months_now.latest_complete, lang)))


def policy_expander(lang: str) -> Policy:
    """Every policy parameter a person may change, with its declared range; an invalid
    combination is named and the last valid policy kept."""
    current = state.get().policy
    values = {}
    with st.sidebar.expander(t("policy.heading", lang)):
        st.caption(t("policy.help", lang))
        for url_name, name in url_fields().items():
            s = spec(name)
            if s["choices"]:
                values[name] = choose(st.radio, t(f"policy.{url_name}", lang), s["choices"], name=f"policy_{name}",
                                      lang=lang, default=getattr(current, name),
                                      format_func=lambda v: t(f"policy.choice.{v}", lang))
                continue
            values[name] = state.number(t(f"policy.{url_name}", lang), name=f"policy_{name}",
                                        current=getattr(current, name), low=s["min"], high=s["max"],
                                        step=s["step"] or 1, whole=s["type"] in ("int", int))
        try:
            policy = current.changed(**values)
        except PolicyError as exc:
            st.warning(t("policy.invalid", lang, reason=str(exc)))
            policy = current
    state.update_quietly(policy=policy)
    return policy


def percent_bar() -> st.column_config.ProgressColumn:
    """A 0-100 share as a bar with a whole-number percentage (no decimal separator to localise)."""
    return st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")

