"""The event-study figure for the impact page (no Streamlit)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ACCENT, SECOND, apply
from analytics.i18n import t

OUTCOMES = ("pl_ratio", "per_capita", "above_line")


def unit(outcome: str, lang: str) -> str:
    """The unit an outcome's effect is shown in."""
    return t(f"impact.unit.{outcome}", lang)


def scale(outcome: str) -> float:
    """Displayed units: probabilities as percentage points."""
    return 100.0 if outcome == "above_line" else 1.0


def event_study(events: pd.DataFrame, outcome: str, lang: str, title: str, subtitle: str,
                planted: pd.DataFrame | None = None) -> go.Figure:
    """Estimates by months since joining with the 95% band; months before joining shaded."""
    k = scale(outcome)
    x = events["event_time"]
    fig = go.Figure()
    fig.add_vrect(x0=x.min() - 0.5, x1=-0.5, fillcolor="#eeeeee", line_width=0, layer="below",
                  annotation_text=t("impact.before_joining", lang),
                  annotation_position="top left")
    fig.add_trace(go.Scatter(x=pd.concat([x, x[::-1]]), y=pd.concat([events["ci_high"], events["ci_low"][::-1]]) * k,
                             fill="toself", fillcolor="rgba(0,114,178,0.18)", line=dict(width=0),
                             name=t("impact.ci95", lang), hoverinfo="skip"))
    shown_unit = unit(outcome, lang)
    fig.add_trace(go.Scatter(
        x=x, y=events["estimate"] * k, mode="lines+markers", line=dict(color=ACCENT, width=2), marker=dict(size=4),
        name=t("impact.estimate", lang),
        customdata=(events[["ci_low", "ci_high"]] * k).to_numpy(),
        hovertemplate=t("impact.month_n", lang) + "%{x}: %{y:,.3f} " + shown_unit
                      + " [%{customdata[0]:,.3f}; %{customdata[1]:,.3f}]<extra></extra>"))
    if planted is not None and outcome in ("per_capita", "pl_ratio"):
        column = "effect_rupiah_per_capita" if outcome == "per_capita" else "effect_pl_ratio"
        truth = planted[planted["event_time"].between(x.min(), x.max())]
        fig.add_trace(go.Scatter(x=truth["event_time"], y=truth[column], mode="lines",
                                 line=dict(color=SECOND, dash="dash"),
                                 name=t("impact.planted", lang)))
    fig.add_hline(y=0, line_color="#333", line_width=1)
    fig.update_xaxes(title=t("impact.axis_months", lang), dtick=6)
    fig.update_yaxes(title=shown_unit, **(dict(tickprefix="Rp", tickformat=",.0f") if outcome == "per_capita" else {}))
    return apply(fig, title, subtitle, lang=lang, height=440)
