"""Labels shared by pages, exports and the briefing (no Streamlit)."""
from __future__ import annotations

from analytics.i18n import t
from analytics.metrics.policy import Policy


def policy_caption(policy: Policy, lang: str) -> str:
    """The thresholds in force, for figure captions."""
    bench = t("p_acuan_ump", lang) if policy.independence_benchmark == "ump" else t("p_acuan_line", lang)
    return t("policy_caption", lang, cv=f"{policy.steady_max_cv:.2f}".replace(".", "," if lang == "id" else "."),
             steady=policy.steady_window, indep=policy.independent_window, bench=bench)


def commodity_label(code: str, lang: str) -> str:
    from analytics.demo.catalogue import COMMODITIES
    for c in COMMODITIES:
        if c.code == code:
            return c.name_id if lang == "id" else c.name_en
    return code
