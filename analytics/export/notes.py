"""The notes sheet of every data export: what the figures mean and how they were selected."""
from __future__ import annotations

from analytics.disclosure import K
from analytics.export.annotate import Provenance
from analytics.i18n import t
from analytics.metrics.policy import Policy
from analytics.policy_text import help_text

RULES = ("poor", "steady", "independent")      # stated with the thresholds in force
TERMS = ("vulnerable", "pl_ratio", "units")


def notes(title: str, place: str, provenance: Provenance, policy: Policy) -> list[tuple[str, str]]:
    lang = provenance.lang
    rows = [
        (t("notes.title", lang), title),
        (t("notes.region", lang), place),
        (t("notes.filters", lang), provenance.filters or t("common.none_word", lang)),
        (t("notes.thresholds", lang), provenance.thresholds),
        *[(t(f"status.{rule}", lang), help_text(rule, policy, lang)) for rule in RULES],
        *[(t(f"notes.{term}", lang), t(f"notes.{term}_text", lang)) for term in TERMS],
        (t("notes.disclosure", lang), t("notes.disclosure_text", lang, k=K)),
    ]
    rows += [(t("notes.source", lang), line) for line in provenance.lines()]
    return rows
