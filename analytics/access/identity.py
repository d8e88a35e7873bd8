"""Who is asking: an `Identity` built from the claims of an OpenID Connect ID token (what
Streamlit puts into `st.user`), through a configurable mapping, so any provider fits: the
embedded one sends `kube_roles` and `kube_scope`; a ministry SSO may send groups instead.

Deny by default: no roles (or only unknown ones) or no scope means no data at all.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from analytics.access.roles import PAGE_NEEDS, Permission, Role, pages, parse_roles, permissions
from analytics.access.scope import Scope, ScopeError

DEFAULT_SESSION_MINUTES = 8 * 60


@dataclass(frozen=True)
class ClaimMapping:
    """How claims carry role and scope (the `[access]` table of the secrets file).

    roles_claim: a claim holding role names (a list, or a comma-separated string);
    group_roles: group name -> role(s), applied to `groups_claim` (e.g. the SSO's `groups`);
    scope_claim: a claim holding region codes ('00', '72', '72.01'; list or string);
    group_scopes: group name -> region codes, for an SSO that has no scope claim;
    session_minutes: how long a login lasts, counted from the ID token's `iat`.
    """

    roles_claim: str = "kube_roles"
    scope_claim: str = "kube_scope"
    groups_claim: str = "groups"
    group_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    group_scopes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    session_minutes: int = DEFAULT_SESSION_MINUTES
    embedded: bool = False            # accounts of the embedded provider are checked on every run

    @classmethod
    def from_config(cls, config: Mapping[str, object] | None) -> "ClaimMapping":
        config = dict(config or {})

        def many(value: object) -> tuple[str, ...]:
            return tuple(_strings(value))

        minutes = int(config.get("session_minutes", DEFAULT_SESSION_MINUTES))
        if not 1 <= minutes <= 7 * 24 * 60:
            raise ValueError("access.session_minutes: 1 to 10080 (a week)")
        return cls(roles_claim=str(config.get("roles_claim", "kube_roles")),
                   scope_claim=str(config.get("scope_claim", "kube_scope")),
                   groups_claim=str(config.get("groups_claim", "groups")),
                   group_roles={str(k): many(v) for k, v in dict(config.get("group_roles", {})).items()},
                   group_scopes={str(k): many(v) for k, v in dict(config.get("group_scopes", {})).items()},
                   session_minutes=minutes, embedded=config.get("provider") == "embedded")


@dataclass(frozen=True)
class Identity:
    """A logged-in person: who, which roles, which regions, and when the login happened."""

    username: str
    name: str
    roles: frozenset[Role]
    scope: Scope
    issuer: str = ""
    issued_at: float | None = None     # the ID token's iat (seconds since the epoch)

    @property
    def allowed(self) -> frozenset[Permission]:
        return permissions(self.roles)

    def can(self, permission: Permission) -> bool:
        """A permission held by one of the roles; data permissions also need a scope."""
        if permission not in self.allowed:
            return False
        return permission in (Permission.ACCOUNTS, Permission.AUDIT) or not self.scope.empty

    def pages(self) -> list[str]:
        """The url paths of the pages this person may open (data pages only with a scope)."""
        return [p for p in pages(self.roles) if self.can(PAGE_NEEDS[p])]

    def expired(self, minutes: int, at: datetime | None = None) -> bool:
        """A login older than `minutes` (or one whose token carried no issue time) has expired."""
        if self.issued_at is None:
            return True
        current = (at or datetime.now(timezone.utc)).timestamp()
        return current - self.issued_at > minutes * 60 or self.issued_at - current > 300   # 5 min clock skew


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[,\s;]+", value) if v]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value if isinstance(v, (str, int))]
    return []


def from_claims(claims: Mapping[str, object], mapping: ClaimMapping) -> Identity | None:
    """The identity the claims describe, or None when they name no one (no `sub`)."""
    username = str(claims.get("sub") or "").strip()       # stable; preferred_username may change
    if not username:
        return None
    names = _strings(claims.get(mapping.roles_claim))
    groups = _strings(claims.get(mapping.groups_claim)) if (mapping.group_roles or mapping.group_scopes) else []
    for group in groups:
        names += list(mapping.group_roles.get(group, ()))
    roles = parse_roles(names)
    codes = _strings(claims.get(mapping.scope_claim))
    for group in groups:
        codes += list(mapping.group_scopes.get(group, ()))
    try:
        region = Scope.of(codes)
    except ScopeError:
        region = Scope.none()          # a malformed scope claim grants nothing
    if Role.PUSAT in roles:
        region = Scope.nation()        # the ministry sees every region
    issued = claims.get("iat")
    name = str(claims.get("name") or claims.get("preferred_username") or username)
    return Identity(username=username, name=name, roles=roles, scope=region,
                    issuer=str(claims.get("iss") or ""),
                    issued_at=float(issued) if isinstance(issued, (int, float)) else None)
