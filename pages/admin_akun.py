"""Akun (accounts): the embedded login's accounts, for administrators: list, add, change roles and
region, disable or enable, new password (shown once). Every change is in the audit log."""
import pandas as pd
import streamlit as st

from analytics.access import admin
from analytics.access.accounts import AccountError, AccountStore
from analytics.access.roles import Permission, Role
from analytics.access.scope import Scope
from analytics.i18n import t
from analytics.ui import auth, cache

v = cache.page_view()
lang = v.lang
me = auth.require(Permission.ACCOUNTS, lang)
st.title(t("admin.accounts_title", lang))
if not auth.mapping().embedded:
    st.info(t("admin.accounts_external", lang))
    st.stop()
st.caption(t("admin.accounts_intro", lang))
store = AccountStore()
roles = [r.value for r in Role]
role_name = lambda r: auth.role_name(r, lang)  # noqa: E731


def refused(exc: AccountError) -> None:
    reason = t(exc.label, lang, **exc.values) if exc.label else str(exc)
    st.error(t("admin.refused", lang, reason=reason))


accounts = admin.visible(store, me.scope)
st.dataframe(pd.DataFrame({
    t("admin.username", lang): [a.username for a in accounts],
    t("admin.name", lang): [a.name for a in accounts],
    t("admin.roles", lang): [", ".join(role_name(r) for r in a.roles) for a in accounts],
    t("admin.scope", lang): [", ".join(a.scope) for a in accounts],
    t("admin.status", lang): [t("admin.disabled" if a.disabled else "admin.active", lang) for a in accounts],
    t("admin.created", lang): [a.created_at[:10] for a in accounts],
    t("admin.changed", lang): [a.changed_at[:16].replace("T", " ") for a in accounts],
}), hide_index=True, width="stretch")

st.subheader(t("admin.add_title", lang))
with st.form("account_add", clear_on_submit=True):
    cols = st.columns(2)
    username = cols[0].text_input(t("admin.username", lang), key="add_username")
    name = cols[1].text_input(t("admin.name", lang), key="add_name")
    chosen = st.multiselect(t("admin.roles", lang), roles, default=["viewer"], format_func=role_name, key="add_roles")
    scope = st.text_input(t("admin.scope", lang), help=t("admin.scope_help", lang), key="add_scope")
    submitted = st.form_submit_button(t("admin.add", lang), type="primary")
if submitted:
    try:
        password = admin.add(store, me.username, me.scope, username.strip().lower(), name, chosen, scope,
                             client=auth.client())
    except AccountError as exc:
        refused(exc)
    else:
        st.success(t("admin.added", lang, user=username.strip().lower()))
        st.code(password, language=None)

if accounts:
    st.subheader(t("admin.manage_title", lang))
    names = [a.username for a in accounts]
    picked = st.selectbox(t("admin.pick", lang), names, key="manage_pick")
    account = store.get(picked)
    with st.form("account_change"):
        new_roles = st.multiselect(t("admin.roles", lang), roles, default=account.roles, format_func=role_name,
                                   key=f"manage_roles_{picked}")
        new_scope = st.text_input(t("admin.scope", lang), value=", ".join(account.scope), help=t("admin.scope_help", lang),
                                  key=f"manage_scope_{picked}")
        save = st.form_submit_button(t("admin.save", lang))
    if save:
        try:
            admin.change(store, me.username, me.scope, picked, new_roles, new_scope, client=auth.client())
            st.success(t("admin.saved", lang, user=picked))
        except AccountError as exc:
            refused(exc)
    cols = st.columns(2)
    toggle = "admin.enable" if account.disabled else "admin.disable"
    if cols[0].button(t(toggle, lang), key="manage_toggle"):
        try:
            admin.set_disabled(store, me.username, me.scope, picked, not account.disabled, client=auth.client())
            status = t("admin.active" if account.disabled else "admin.disabled", lang)
            st.success(t("admin.status_done", lang, user=picked, status=status))
        except AccountError as exc:
            refused(exc)
    if cols[1].button(t("admin.reset", lang), key="manage_reset"):
        password = admin.reset_password(store, me.username, me.scope, picked, client=auth.client())
        st.success(t("admin.reset_done", lang, user=picked))
        st.code(password, language=None)
