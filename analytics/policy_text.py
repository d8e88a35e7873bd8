"""Texts that state the thresholds in force, built from the active `Policy` (captions, help
texts, the method page), so no text shows a default the view does not use."""
from __future__ import annotations

from analytics.formatting import number
from analytics.i18n import t
from analytics.metrics.policy import Policy


def terms(policy: Policy, lang: str) -> dict[str, str]:
    """Every parameter formatted for `lang`, by field name, plus the benchmark's wording."""
    out = {}
    for name in policy.field_names():
        value = getattr(policy, name)
        if isinstance(value, float):
            out[name] = number(value, lang, 2)
        elif isinstance(value, int):
            out[name] = number(value, lang)
        else:
            out[name] = str(value)
    out["benchmark"] = t(f"policy.benchmark.{policy.independence_benchmark}", lang,
                         multiple=out["independence_line_multiple"])
    return out


def caption(policy: Policy, lang: str) -> str:
    """The thresholds in force, for figure captions and export footnotes."""
    return t("policy.caption", lang, **terms(policy, lang))


def help_text(status: str, policy: Policy, lang: str) -> str:
    """The rule of a status ('poor', 'steady', 'independent') with this policy's thresholds."""
    return t(f"policy.rule.{status}", lang, **terms(policy, lang))
