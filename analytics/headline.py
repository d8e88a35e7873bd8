"""A region's headline figures with their change over 12 months, and the best and worst regions
below it: one computation for the overview page and the briefing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.disclosure import LABEL
from analytics.formatting import change, number, percent, rupiah
from analytics.i18n import t

MIN_RANKED = 30       # a region is ranked only with at least this many reporting members
MIN_TO_RANK = 5       # fewer regions than this: no ranking at all (a "lowest" of 3 says nothing)
COUNTS = ("active_members", "exits_12m")          # shown as numbers; the rest are shares


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    change: str | None          # against 12 months earlier, with its unit and "vs 12 months ago"
    delta: str | None = None    # the same change alone ('+1,2 poin')


@dataclass(frozen=True)
class Headline:
    """A region's figures in a month and 12 months before (None when that month has no data)."""

    now: pd.Series
    before: pd.Series | None

    def denominator(self, lang: str) -> str | None:
        return denominator(self.now, lang)

    def medians(self, lang: str, period: str) -> str | None:
        return medians(self.now, lang, period)

    @property
    def suppressed(self) -> bool:
        return bool(self.now.get("suppressed", False))

    def figure(self, key: str, lang: str) -> Figure:
        count = key in COUNTS
        value = self.now[key]
        if self.suppressed:
            shown = LABEL if count else "–"
        else:
            shown = number(value, lang) if count else percent(value, lang)
        before = None if self.before is None else self.before[key]
        delta = change(value, before, lang, points=not count)
        return Figure(key, t(f"headline.{key}", lang), shown,
                      delta and t("headline.vs_12m", lang, change=delta), delta)


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def denominator(row: pd.Series, lang: str) -> str | None:
    """Whom a region's shares are of, and who is left out: 'dari 24.133 anggota yang melapor;
    3.115 anggota terdaftar tidak melapor' (and the members in groups no longer reporting)."""
    if bool(row.get("suppressed", False)) or not _known(row.get("reporting_members")):
        return None
    text = t("headline.denominator", lang, reporting=number(row["reporting_members"], lang),
             not_reporting=number(row.get("not_reporting_members"), lang),
             share=percent(row.get("share_not_reporting"), lang))
    silent = row.get("members_in_silent_groups")
    if _known(silent) and silent > 0:
        text += "; " + t("headline.silent", lang, silent=number(silent, lang))
    return text


def shares_sentence(row: pd.Series, lang: str) -> str | None:
    """'Pangsa status dari 24.133 anggota yang melapor; 3.115 anggota terdaftar tidak melapor (11,4 %).'"""
    text = denominator(row, lang)
    return text and f"{t('headline.shares_of', lang)} {text}."


def medians(row: pd.Series, lang: str, period: str) -> str | None:
    """The month's median household and per-capita income against the poverty line, in rupiah."""
    if bool(row.get("suppressed", False)) or not _known(row.get("median_income")):
        return None
    return t("headline.medians", lang, period=period, income=rupiah(row["median_income"], lang),
             per_capita=rupiah(row.get("median_per_capita"), lang),
             line=rupiah(row.get("median_line_per_capita"), lang))


def headline(trend: pd.DataFrame, month: date | None) -> Headline | None:
    """The figures of `month` and of 12 months before from a region's monthly trend."""
    if month is None or trend.empty:
        return None
    indexed = trend.assign(month=pd.to_datetime(trend["month"])).set_index("month")
    now, before = pd.Timestamp(month), pd.Timestamp(month) - pd.DateOffset(months=12)
    if now not in indexed.index:
        return None
    return Headline(indexed.loc[now], indexed.loc[before] if before in indexed.index else None)


def ranked(children: pd.DataFrame, metric: str = "share_steady", min_members: int = MIN_RANKED) -> pd.DataFrame:
    """Regions with at least `min_members` reporting members and a value, best first."""
    frame = children[children["active_members"] >= min_members].dropna(subset=[metric])
    return frame.sort_values(metric, ascending=False).reset_index(drop=True)


def best_and_worst(ranking: pd.DataFrame, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `n` best and the `n` worst (worst first). Fewer than `MIN_TO_RANK` regions: neither;
    up to 2n: all of them as one list (best), so no "lowest" list ever holds a middle region."""
    if len(ranking) < MIN_TO_RANK:
        return ranking.head(0), ranking.head(0)
    if len(ranking) <= 2 * n:
        return ranking, ranking.head(0)
    return ranking.head(n), ranking.tail(n).iloc[::-1]
