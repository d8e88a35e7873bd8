"""Policy parameters: every threshold the metrics apply, with documented defaults and ranges.

Each field declares its allowed range (and, when a person may change it from the sidebar or a
link, its URL name) in its metadata; `Policy` checks them on creation, and the URL parser
(`analytics.urlstate`) reads the same declarations, so a range is written once.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, field, fields, replace

STATUS_CODES = {0: "insufficient", 1: "poor", 2: "vulnerable", 3: "steady", 4: "independent"}
BENCHMARKS = ("ump", "poverty_line_multiple")


class PolicyError(ValueError):
    """A parameter outside its declared range; the message names it and the range."""


def _param(default, lo=None, hi=None, *, url: str | None = None, choices: tuple[str, ...] | None = None,
           step=None, mart: bool = True):
    """A policy field: its default, its closed range [lo, hi] (or `choices`), its URL name, and
    whether it changes the marts (`mart=False`: applied by the queries only, so it is not part
    of the marts' `params_key`)."""
    return field(default=default, metadata={"min": lo, "max": hi, "url": url, "choices": choices, "step": step,
                                            "mart": mart})


@dataclass(frozen=True)
class Policy:
    """Thresholds of the status ladder (defaults and reasons: docs/metrics.md)."""

    # Miskin: mean pl_ratio of the last `poverty_reports` reports within the last `poverty_months`
    # calendar months; fewer than `poverty_min_reports` reports in those months: Tidak cukup data.
    poverty_reports: int = _param(3, 1, 12)
    poverty_months: int = _param(6, 1, 24)
    poverty_min_reports: int = _param(2, 1, 12, url="p_lapor", step=1)
    poor_below_ratio: float = _param(1.0, 0.1, 5.0)         # mean pl_ratio below this: poor
    steady_window: int = _param(6, 3, 12, url="p_stabil", step=1)    # months that must all be reported for "Stabil"
    steady_min_ratio: float = _param(1.0, 0.1, 5.0)         # every month's pl_ratio at least this
    steady_max_cv: float = _param(0.30, 0.01, 1.0, url="p_cv", step=0.05)  # CV of household income at most this
    independent_window: int = _param(12, 6, 24, url="p_mandiri", step=1)   # months steady in a row for "Mandiri"
    independence_benchmark: str = _param("ump", url="p_acuan", choices=BENCHMARKS)  # UMP or a poverty-line multiple
    independence_line_multiple: float = _param(1.5, 1.0, 5.0)
    alive_window: int = _param(3, 1, 12)                    # a group is alive with a report in this many months
    # Implausibly high reports: above `outlier_factor` x the median of the member's last
    # `outlier_lookback` earlier reports (at least `outlier_min_reports` of them), until confirmed.
    outlier_factor: float = _param(8.0, 2.0, 100.0)
    outlier_lookback: int = _param(12, 3, 60)
    outlier_min_reports: int = _param(3, 1, 60)
    # A month is complete when its reports reach this share of the members reporting the month
    # before; later months are provisional. Read by the queries only.
    completeness_threshold: float = _param(0.9, 0.5, 1.0, url="p_lengkap", step=0.05, mart=False)

    def __post_init__(self) -> None:
        for f in fields(self):
            check_value(f.name, getattr(self, f.name))
        _order(self, "poverty_min_reports", "poverty_reports")
        _order(self, "poverty_reports", "poverty_months")
        _order(self, "outlier_min_reports", "outlier_lookback")

    def key(self) -> str:
        """A short stable key naming this parameter set in the marts (only the fields that
        change the marts: two policies differing in a query-only field share their marts)."""
        return "p" + hashlib.sha1(self.to_json().encode()).hexdigest()[:10]

    def to_json(self) -> str:
        """The fields that change the marts, as JSON (stored with the marts)."""
        values = asdict(self)
        return json.dumps({f.name: values[f.name] for f in fields(self) if f.metadata["mart"]}, sort_keys=True)

    def sql_params(self) -> dict[str, object]:
        """The parameters as bound SQL values."""
        return {**asdict(self), "params_key": self.key(),
                "use_ump": self.independence_benchmark == "ump"}

    def changed(self, **changes: object) -> "Policy":
        return replace(self, **changes)

    def is_default(self) -> bool:
        """The default marts serve it (a query-only field such as the completeness threshold may differ)."""
        return self.key() == DEFAULT_POLICY.key()

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def spec(name: str) -> dict:
    """The declared metadata of one policy field (min, max, url, choices, step) plus its type and default."""
    f = next((f for f in fields(Policy) if f.name == name), None)
    if f is None:
        raise PolicyError(f"unknown policy parameter {name!r}")
    return {**f.metadata, "type": f.type, "default": f.default, "name": name}


def url_fields() -> dict[str, str]:
    """URL name -> field name, for the parameters a person may set."""
    return {f.metadata["url"]: f.name for f in fields(Policy) if f.metadata.get("url")}


def check_value(name: str, value: object) -> None:
    """Raise `PolicyError` unless `value` is of the field's type and inside its declared range."""
    s = spec(name)
    if s["choices"] is not None:
        if value not in s["choices"]:
            raise PolicyError(f"{name} must be one of {', '.join(s['choices'])}")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PolicyError(f"{name} must be a number")
    if s["type"] in ("int", int) and (not float(value).is_integer()):
        raise PolicyError(f"{name} must be a whole number")
    if not math.isfinite(float(value)) or not s["min"] <= value <= s["max"]:
        raise PolicyError(f"{name} must be between {s['min']} and {s['max']}")


def _order(policy: Policy, smaller: str, larger: str) -> None:
    """Raise `PolicyError` unless field `smaller` <= field `larger`."""
    if getattr(policy, smaller) > getattr(policy, larger):
        raise PolicyError(f"{smaller} ({getattr(policy, smaller)}) must not exceed {larger} ({getattr(policy, larger)})")


def from_json(text: str) -> Policy:
    """The policy stored with a set of marts (`to_json`); fields it lacks take their defaults."""
    known = set(Policy.field_names())
    return Policy(**{k: v for k, v in json.loads(text).items() if k in known})


DEFAULT_POLICY = Policy()
