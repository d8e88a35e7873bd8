"""Roles and what they allow: pages and downloads. A user may hold several roles (a person in
several SSO groups); what they may do is the union. Deny by default: no role, nothing."""
from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Role(str, Enum):
    PUSAT = "pusat"          # ministry: all regions, every data page and download
    VIEWER = "viewer"        # pages and chart images for the scope; no member-level rows
    ANALYST = "analyst"      # viewer + table downloads (CSV/XLSX) and member trajectories
    OPERATOR = "operator"    # viewer + Impor Data and Kualitas Data, rows inside the scope
    ADMIN = "admin"          # accounts, reference tables, audit log


class Permission(str, Enum):
    VIEW = "view"                    # the data pages, aggregate figures of the scope
    CHART_IMAGES = "chart_images"    # PNG/SVG/PDF of a chart, the one-page briefing
    TABLE_DOWNLOADS = "table_downloads"  # a chart's or table's data as CSV/XLSX
    MEMBER_ROWS = "member_rows"      # member-level (pseudonymous) rows: trajectories
    QUALITY = "quality"              # Kualitas Data (silent groups, outlier reports, rejections)
    IMPORT = "import"                # Impor Data
    ACCOUNTS = "accounts"            # accounts page
    AUDIT = "audit"                  # audit log page and its CSV
    REFERENCE = "reference"          # reference tables (Metodologi)


P = Permission
_VIEWER = {P.VIEW, P.CHART_IMAGES, P.REFERENCE}
GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset(_VIEWER),
    Role.ANALYST: frozenset(_VIEWER | {P.TABLE_DOWNLOADS, P.MEMBER_ROWS}),
    Role.OPERATOR: frozenset(_VIEWER | {P.QUALITY, P.IMPORT}),
    Role.PUSAT: frozenset(_VIEWER | {P.TABLE_DOWNLOADS, P.MEMBER_ROWS, P.QUALITY, P.IMPORT}),
    Role.ADMIN: frozenset({P.ACCOUNTS, P.AUDIT, P.REFERENCE}),
}

# Pages (url path) and the permission each needs; a page is offered when the user holds it.
PAGE_NEEDS: dict[str, Permission] = {
    "ringkasan": P.VIEW, "peta": P.VIEW, "profil_wilayah": P.VIEW, "bandingkan": P.VIEW, "kelompok": P.VIEW,
    "pendamping": P.VIEW, "rantai_nilai": P.VIEW, "dampak": P.VIEW, "kualitas": P.QUALITY,
    "impor": P.IMPORT, "metodologi": P.REFERENCE, "admin_akun": P.ACCOUNTS, "admin_audit": P.AUDIT,
}


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    """Known roles among `values`; unknown names are ignored (deny by default)."""
    known = {r.value: r for r in Role}
    return frozenset(known[v.strip().lower()] for v in values if isinstance(v, str) and v.strip().lower() in known)


def permissions(roles: Iterable[Role]) -> frozenset[Permission]:
    out: set[Permission] = set()
    for role in roles:
        out |= GRANTS[role]
    return frozenset(out)


def pages(roles: Iterable[Role]) -> list[str]:
    """The url paths of the pages these roles may open, in menu order."""
    held = permissions(roles)
    return [page for page, need in PAGE_NEEDS.items() if need in held]
