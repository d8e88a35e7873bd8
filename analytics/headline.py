"""A region's headline figures with their change over 12 months, and the best and worst regions
below it: one computation for the overview page and the briefing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.disclosure import LABEL
from analytics.formatting import change, number, percent
from analytics.i18n import t

MIN_RANKED = 30       # a region is ranked only with at least this many active members
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
    """Regions with at least `min_members` active members and a value, best first."""
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
