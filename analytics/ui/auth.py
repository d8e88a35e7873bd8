"""The login gate and the caller's identity on the Streamlit side: `st.login` / `st.user` /
`st.logout` only (OpenID Connect). Deny by default: without a logged-in user whose claims carry a
role and a scope, a visitor sees the login page and nothing read from the database.

The claims mapping and the session length come from the `[access]` table of the secrets file
(`analytics.access.identity.ClaimMapping`); the embedded provider's accounts are checked on
every run, so a disabled account or a changed role ends the session at once.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import streamlit as st

from analytics.access import audit
from analytics.access.accounts import AccountStore
from analytics.access.identity import ClaimMapping, Identity, from_claims
from analytics.access.login import USER_COOKIE
from analytics.access.roles import Permission
from analytics.i18n import LANGUAGES, t

IDENTITY = "kube_identity"
SEEN = "kube_audit_seen"          # what this session already logged (session start, last view)
P = Permission


def _secrets_section(name: str) -> Mapping[str, object]:
    try:
        section = st.secrets.get(name)
    except Exception:            # noqa: BLE001 (no secrets file at all: nothing configured)
        return {}
    return section.to_dict() if hasattr(section, "to_dict") else dict(section or {})


def configured() -> bool:
    """Whether a login provider is configured ([auth] in the secrets)."""
    return bool(_secrets_section("auth"))


def mapping() -> ClaimMapping:
    return ClaimMapping.from_config(_secrets_section("access"))


def link_language() -> str:
    """The language a link asks for (the login page is drawn before the frame reads the link)."""
    lang = st.query_params.get("lang", "id")
    return lang if lang in LANGUAGES else "id"


def client() -> str | None:
    try:
        return st.context.ip_address
    except Exception:            # noqa: BLE001 (AppTest has no client)
        return None


def _forget() -> None:
    """Nothing of an earlier identity or view stays in the session."""
    for key in (IDENTITY, "view"):
        st.session_state.pop(key, None)


def _no_sidebar() -> None:
    """A run that stops before the navigation: without this Streamlit lists the `pages/` files
    (raw file names, every page) in a sidebar; the link itself is kept for after the login."""
    st.html("<style>[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl] "
            "{ display: none; }</style>")


def login_page(lang: str, notice: str | None = None, *, warn: bool = False, button: bool = True) -> None:
    """The only thing an anonymous visitor sees; stops the run."""
    _forget()
    _no_sidebar()
    st.title(t("auth.login_title", lang))
    st.markdown(t("auth.login_intro", lang))
    if notice:
        (st.warning if warn else st.error)(notice, icon="🔒")
    if not configured():
        st.warning(t("auth.not_configured", lang))
    elif button and st.button(t("auth.login", lang), type="primary", key="auth_login"):
        st.login()
    st.stop()


def _refuse(action: str, identity: Identity, lang: str, message: str, reason: str) -> None:
    _once(f"{action}:{reason}:{identity.issued_at}", action, identity.username, detail={"reason": reason})
    login_page(lang, message)


def gate(lang: str) -> Identity:
    """The logged-in caller, or the login page (and the end of the run)."""
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        tampered = USER_COOKIE in st.context.cookies
        login_page(lang, t("auth.invalid_cookie", lang) if tampered else None)
    rules = mapping()
    identity = from_claims(claims, rules)
    if identity is None:
        login_page(lang, t("auth.invalid_cookie", lang))
    if identity.expired(rules.session_minutes):
        _refuse("session_expired", identity, lang, t("auth.expired", lang, minutes=rules.session_minutes), "expired")
    if rules.embedded:
        account = AccountStore().get(identity.username)
        if account is None or account.disabled:
            _refuse("session_refused", identity, lang, t("auth.account_disabled", lang, user=identity.username),
                    "disabled")
        changed = datetime.fromisoformat(account.changed_at).timestamp()
        if identity.issued_at is not None and changed > identity.issued_at + 1:
            _refuse("session_refused", identity, lang, t("auth.account_changed", lang), "account_changed")
    if not identity.pages():
        _once(f"denied:{identity.issued_at}", "denied", identity.username, detail={"reason": "no role or scope"})
        _forget()
        _no_sidebar()
        st.title(t("auth.login_title", lang))
        st.error(t("auth.no_role", lang, user=identity.username), icon="🔒")
        logout_button(identity, lang, st)
        st.stop()
    _once(f"session:{identity.issued_at}", "session", identity.username,
          detail={"roles": sorted(r.value for r in identity.roles), "scope": identity.scope.codes()})
    st.session_state[IDENTITY] = identity
    return identity


def current() -> Identity:
    """The caller of this run (set by the gate); no identity, no data."""
    identity = st.session_state.get(IDENTITY)
    if not isinstance(identity, Identity):
        raise PermissionError("no logged-in user in this session")
    return identity


def can(permission: Permission) -> bool:
    identity = st.session_state.get(IDENTITY)
    return isinstance(identity, Identity) and identity.can(permission)


def require(permission: Permission, lang: str) -> Identity:
    """The caller when they hold `permission`; otherwise a message and the end of the run."""
    identity = current()
    if not identity.can(permission):
        _once(f"denied:{permission.value}", "denied", identity.username, detail={"permission": permission.value})
        st.error(t("auth.no_permission", lang), icon="🔒")
        st.stop()
    return identity


ROLE_LABELS = {"pusat": "auth.role.pusat", "viewer": "auth.role.viewer", "analyst": "auth.role.analyst",
               "operator": "auth.role.operator", "admin": "auth.role.admin"}


def role_name(role: str, lang: str) -> str:
    return t(ROLE_LABELS[role], lang)


def roles_text(identity: Identity, lang: str) -> str:
    return ", ".join(role_name(r.value, lang) for r in sorted(identity.roles, key=lambda r: r.value))


def scope_text(identity: Identity, lang: str) -> str:
    return t("auth.nation", lang) if identity.scope.national else str(identity.scope)


def logout_button(identity: Identity, lang: str, where=None) -> None:
    where = where or st.sidebar
    if where.button(t("auth.logout", lang), key="auth_logout", icon=":material/logout:"):
        record("logout", identity.username)
        _forget()
        st.logout()
        st.stop()                    # nothing more of this run: its caller is gone


def sidebar(identity: Identity, lang: str) -> None:
    """Who is logged in, with which roles and region, and the way out."""
    st.sidebar.caption(t("auth.signed_in", lang, name=identity.name, roles=roles_text(identity, lang),
                         scope=scope_text(identity, lang)))
    logout_button(identity, lang)


def record(action: str, actor: str | None, **fields: object) -> None:
    """Append an audit event from this dashboard session."""
    audit.record(action, actor, source="dashboard", client=client(), **fields)


def _once(marker: str, action: str, actor: str | None, **fields: object) -> None:
    seen = st.session_state.setdefault(SEEN, set())
    if marker not in seen:
        seen.add(marker)
        record(action, actor, **fields)


def log_view(page: str, region: str, filters: Mapping[str, object]) -> None:
    """A page and region viewed (once per change, not on every rerun)."""
    identity = current()
    shown = {k: v for k, v in filters.items() if v is not None}
    marker = f"view:{page}:{region}:{sorted(shown.items())}"
    last = st.session_state.get(SEEN + "_view")
    if marker != last:
        st.session_state[SEEN + "_view"] = marker
        record("view", identity.username, page=page, region=region, detail=shown or None)


def audited(make: Callable[[], bytes], what: str, fmt: str, region: str | None,
            permission: Permission) -> Callable[[], bytes]:
    """A download's bytes, made when clicked, after the permission is checked and the export logged."""
    identity = current()
    page = st.session_state.get(SEEN + "_page")

    def run() -> bytes:
        if not identity.can(permission):
            raise PermissionError(f"{identity.username} may not download {what}")
        record("export", identity.username, page=page, region=region, detail={"file": what, "format": fmt})
        return make()
    return run


def set_page(page: str) -> None:
    st.session_state[SEEN + "_page"] = page


def audit_rows(query: audit.Query) -> list[dict[str, object]]:
    """The audit events an administrator may read: all of them for a national scope; otherwise
    those about a region inside their scope."""
    rows = audit.events(query)
    scope = current().scope
    if scope.national:
        return rows
    return [r for r in rows if isinstance(r["region"], str) and all(scope.contains(c) for c in r["region"].split(","))]
