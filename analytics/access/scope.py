"""A user's region scope: the nation, a set of provinces, or a set of regencies (or a mix), each
including what lies inside it. Deny by default: an empty scope holds nothing.

Codes are Kemendagri codes: the nation `00`, a province `72`, a regency `72.01`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

NATION = "00"
_PROVINCE = re.compile(r"^\d{2}$")
_REGENCY = re.compile(r"^\d{2}\.\d{2}$")


class ScopeError(ValueError):
    """A scope that names something that is not a region code."""


@dataclass(frozen=True)
class Scope:
    """The regions a user may see. `national` covers everything; otherwise `provinces` (whole
    provinces) and `regencies` (single regencies outside those provinces)."""

    national: bool = False
    provinces: frozenset[str] = frozenset()
    regencies: frozenset[str] = frozenset()

    @classmethod
    def nation(cls) -> "Scope":
        return cls(national=True)

    @classmethod
    def none(cls) -> "Scope":
        return cls()

    @classmethod
    def of(cls, codes: Iterable[str] | str) -> "Scope":
        """A scope from codes ('00', '72', '72.01'), a comma- or space-separated string or a list.
        Regencies inside a listed province are folded into it."""
        if isinstance(codes, str):
            codes = [c for c in re.split(r"[,\s;]+", codes) if c]
        provinces, regencies = set(), set()
        for raw in codes:
            code = str(raw).strip()
            if code == NATION:
                return cls.nation()
            if _PROVINCE.match(code):
                provinces.add(code)
            elif _REGENCY.match(code):
                regencies.add(code)
            else:
                raise ScopeError(f"not a region code: {code!r} (use 00, a province such as 72 or a regency such as 72.01)")
        return cls(False, frozenset(provinces), frozenset(r for r in regencies if r[:2] not in provinces))

    @property
    def empty(self) -> bool:
        return not (self.national or self.provinces or self.regencies)

    def codes(self) -> list[str]:
        """The scope as codes (its stored and claimed form)."""
        return [NATION] if self.national else sorted(self.provinces | self.regencies)

    def __str__(self) -> str:
        return ", ".join(self.codes()) or "-"

    def contains(self, region: str | None) -> bool:
        """Whether figures of `region` (the nation '00', a province, a regency) may be shown:
        a province's aggregate only when the whole province is in scope."""
        if region is None or region == NATION:
            return self.national
        if self.national:
            return True
        if len(region) == 2:
            return region in self.provinces
        return region[:2] in self.provinces or region in self.regencies

    def touches(self, province: str) -> bool:
        """Whether any part of `province` is in scope (its regencies may be listed)."""
        return self.national or province in self.provinces or any(r[:2] == province for r in self.regencies)

    def covers(self, other: "Scope") -> bool:
        """Whether everything in `other` is in this scope (an admin grants no more than it holds)."""
        if self.national:
            return True
        if other.national:
            return False
        return all(p in self.provinces for p in other.provinces) and all(self.contains(r) for r in other.regencies)

    def touched_provinces(self) -> list[str] | None:
        """Province codes for SQL that filters by `left(regency_code, 2)` (None: no filter). For a
        regency scope this is wider than the scope: the rows must still be filtered by regency."""
        if self.national:
            return None
        return sorted(self.provinces | {r[:2] for r in self.regencies})

    def sql(self) -> dict[str, object]:
        """Bound parameters for SQL: `$scope_national` (bool), `$scope_provinces` and
        `$scope_regencies` (lists, empty when none). A row of regency r is in scope when
        national OR left(r, 2) IN provinces OR r IN regencies; a province row p when national
        OR p IN provinces; a national row only when national."""
        return {"scope_national": self.national, "scope_provinces": sorted(self.provinces),
                "scope_regencies": sorted(self.regencies)}

    def filter_frame(self, frame: pd.DataFrame, column: str | None = None) -> pd.DataFrame:
        """Rows of `frame` whose region code (`column`, or the first of region_code,
        regency_code, province_code it has) is in scope; a frame without one is returned whole
        only to a national scope."""
        if self.national:
            return frame
        column = column or next((c for c in ("region_code", "regency_code", "province_code") if c in frame), None)
        if column is None:
            return frame.iloc[0:0]
        keep = frame[column].map(lambda code: isinstance(code, str) and self.contains(code))
        return frame[keep.astype(bool)]
