"""Policy parameters: every threshold the metrics apply, with documented defaults."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace

STATUS_CODES = {0: "insufficient", 1: "poor", 2: "vulnerable", 3: "steady", 4: "independent"}
STATUS_LABELS = {
    "insufficient": ("Tidak cukup data", "Insufficient data"),
    "poor": ("Miskin", "Poor"),
    "vulnerable": ("Rentan", "Vulnerable"),
    "steady": ("Stabil", "Steady income"),
    "independent": ("Mandiri", "Independent"),
}
BENCHMARKS = ("ump", "poverty_line_multiple")


@dataclass(frozen=True)
class Policy:
    """Thresholds of the status ladder (defaults from docs/metrics.md)."""

    poverty_window: int = 3             # months whose mean pl_ratio decides "Miskin"
    poverty_min_reports: int = 2        # reports needed in that window, else "Tidak cukup data"
    poor_below_ratio: float = 1.0       # mean pl_ratio below this: poor
    steady_window: int = 6              # months that must all be reported for "Stabil"
    steady_min_ratio: float = 1.0       # every month's pl_ratio at least this
    steady_max_cv: float = 0.30         # coefficient of variation of per-capita income at most this
    independent_window: int = 12        # months steady in a row for "Mandiri"
    independence_benchmark: str = "ump"  # 'ump' (provincial minimum wage) or 'poverty_line_multiple'
    independence_line_multiple: float = 1.5
    active_window: int = 3              # a member (or group) is active with a report in this many months
    outlier_factor: float = 8.0         # a report above / below the member's median x / ÷ this is an outlier

    def __post_init__(self) -> None:
        if self.independence_benchmark not in BENCHMARKS:
            raise ValueError(f"independence_benchmark must be one of {BENCHMARKS}")
        for name in ("poverty_window", "steady_window", "independent_window", "active_window"):
            if not 1 <= getattr(self, name) <= 36:
                raise ValueError(f"{name} must be between 1 and 36 months")
        if not 1 <= self.poverty_min_reports <= self.poverty_window:
            raise ValueError("poverty_min_reports must be between 1 and poverty_window")
        if self.steady_max_cv <= 0 or self.outlier_factor <= 1:
            raise ValueError("steady_max_cv must be positive and outlier_factor above 1")

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

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT_POLICY = Policy()
