"""Account administration, shared by the accounts page and `python -m analytics users`: every
change checked (an administrator grants no region wider than their own, codes must exist) and
recorded in the audit log. Passwords are returned to be shown once, never recorded."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache

from analytics.access import audit
from analytics.access.accounts import Account, AccountError, AccountStore
from analytics.access.scope import Scope
from analytics.config import REFERENCE_DIR


@lru_cache(maxsize=1)
def known_regions() -> frozenset[str]:
    """Every province and regency code of the shipped reference (Kepmendagri), and the nation."""
    codes = {"00"}
    with open(REFERENCE_DIR / "regencies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes |= {row["regency_code"], row["province_code"]}
    return frozenset(codes)


def checked_scope(text: str | Iterable[str], granted_by: Scope | None = None) -> Scope:
    """The scope `text` names, refused when a code does not exist or lies outside `granted_by`."""
    try:
        scope = Scope.of(text)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    unknown = [c for c in scope.codes() if c not in known_regions()]
    if unknown:
        raise AccountError(f"unknown region codes: {', '.join(unknown)}", "admin.unknown_region",
                           codes=", ".join(unknown))
    if granted_by is not None and not granted_by.covers(scope):
        raise AccountError("that region is wider than your own access region", "admin.wider_scope")
    return scope


def visible(store: AccountStore, admin_scope: Scope) -> list[Account]:
    """The accounts an administrator with `admin_scope` manages (those inside it)."""
    return [a for a in store.all() if admin_scope.covers(Scope.of(a.scope))]


def _managed(store: AccountStore, username: str, admin_scope: Scope) -> Account:
    account = store.get(username)
    if account is None or not admin_scope.covers(Scope.of(account.scope)):
        raise AccountError(f"no account {username!r} in your access region")
    return account


def add(store: AccountStore, actor: str | None, admin_scope: Scope, username: str, name: str, roles: Iterable[str],
        scope: str | Iterable[str], source: str = "dashboard", client: str | None = None) -> str:
    region = checked_scope(scope, admin_scope)
    roles = list(roles)
    password = store.add(username, name, roles, region)
    audit.record("account_added", actor, region=",".join(region.codes()), source=source, client=client,
                 detail={"account": username, "roles": sorted(roles), "scope": region.codes()})
    return password


def change(store: AccountStore, actor: str | None, admin_scope: Scope, username: str, roles: Iterable[str],
           scope: str | Iterable[str], source: str = "dashboard", client: str | None = None) -> Account:
    _managed(store, username, admin_scope)
    region = checked_scope(scope, admin_scope)
    account = store.update(username, roles=list(roles), scope=region)
    audit.record("account_changed", actor, region=",".join(region.codes()), source=source, client=client,
                 detail={"account": username, "roles": account.roles, "scope": account.scope})
    return account


def set_disabled(store: AccountStore, actor: str | None, admin_scope: Scope, username: str, disabled: bool,
                 source: str = "dashboard", client: str | None = None) -> None:
    if disabled and username == actor:
        raise AccountError("your own account cannot be disabled here", "admin.not_self")
    _managed(store, username, admin_scope)
    store.set_disabled(username, disabled)
    audit.record("account_disabled" if disabled else "account_enabled", actor, source=source, client=client,
                 detail={"account": username})


def reset_password(store: AccountStore, actor: str | None, admin_scope: Scope, username: str,
                   source: str = "dashboard", client: str | None = None) -> str:
    _managed(store, username, admin_scope)
    password = store.reset_password(username)
    audit.record("password_reset", actor, source=source, client=client, detail={"account": username})
    return password
