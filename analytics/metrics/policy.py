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
           step=None):
    """A policy field: its default, its closed range [lo, hi] (or `choices`), its URL name."""
    return field(default=default, metadata={"min": lo, "max": hi, "url": url, "choices": choices, "step": step})


@dataclass(frozen=True)
class Policy:
    """Thresholds of the status ladder (defaults and reasons: docs/metrics.md)."""

    poverty_window: int = _param(3, 1, 12)                 # months whose mean pl_ratio decides "Miskin"
    poverty_min_reports: int = _param(2, 1, 12, url="p_lapor", step=1)  # reports needed, else "Tidak cukup data"
    poor_below_ratio: float = _param(1.0, 0.1, 5.0)         # mean pl_ratio below this: poor
    steady_window: int = _param(6, 3, 12, url="p_stabil", step=1)    # months that must all be reported for "Stabil"
    steady_min_ratio: float = _param(1.0, 0.1, 5.0)         # every month's pl_ratio at least this
    steady_max_cv: float = _param(0.30, 0.01, 1.0, url="p_cv", step=0.05)  # coefficient of variation at most this
    independent_window: int = _param(12, 6, 24, url="p_mandiri", step=1)   # months steady in a row for "Mandiri"
    independence_benchmark: str = _param("ump", url="p_acuan", choices=BENCHMARKS)  # UMP or a poverty-line multiple
    independence_line_multiple: float = _param(1.5, 1.0, 5.0)
    active_window: int = _param(3, 1, 12)                   # a group is alive with a report in this many months
    outlier_factor: float = _param(8.0, 2.0, 100.0)         # a report above x times the member's median is flagged

    def __post_init__(self) -> None:
        for f in fields(self):
            check_value(f.name, getattr(self, f.name))
        if self.poverty_min_reports > self.poverty_window:
            raise PolicyError(f"poverty_min_reports ({self.poverty_min_reports}) must not exceed "
                              f"poverty_window ({self.poverty_window})")

    def key(self) -> str:
        """A short stable key naming this parameter set in the marts."""
        return "p" + hashlib.sha1(self.to_json().encode()).hexdigest()[:10]

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def sql_params(self) -> dict[str, object]:
        """The parameters as bound SQL values."""
        return {**asdict(self), "params_key": self.key(),
                "use_ump": self.independence_benchmark == "ump"}

    def changed(self, **changes: object) -> "Policy":
        return replace(self, **changes)

    def is_default(self) -> bool:
        return self == DEFAULT_POLICY

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


DEFAULT_POLICY = Policy()
