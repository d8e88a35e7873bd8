"""The event-study figure for the impact page (no Streamlit)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ACCENT, SECOND, apply
from analytics.i18n import chooser

UNITS = {
    "per_capita": ("Rp per kapita per bulan", "Rp per capita per month"),
    "pl_ratio": ("poin rasio terhadap garis kemiskinan", "points of the ratio to the poverty line"),
    "above_line": ("poin persentase di atas garis kemiskinan", "percentage points above the poverty line"),
}


def scale(outcome: str) -> float:
    """Displayed units: probabilities as percentage points."""
    return 100.0 if outcome == "above_line" else 1.0


def event_study(events: pd.DataFrame, outcome: str, lang: str, title: str, subtitle: str,
                planted: pd.DataFrame | None = None) -> go.Figure:
    """Estimates by months since joining with the 95% band; months before joining shaded."""
    say = chooser(lang)
    k = scale(outcome)
    x = events["event_time"]
    fig = go.Figure()
    fig.add_vrect(x0=x.min() - 0.5, x1=-0.5, fillcolor="#eeeeee", line_width=0, layer="below",
                  annotation_text=say("sebelum bergabung: seharusnya sekitar 0", "before joining: should be near 0"),
                  annotation_position="top left")
    fig.add_trace(go.Scatter(x=pd.concat([x, x[::-1]]), y=pd.concat([events["ci_high"], events["ci_low"][::-1]]) * k,
                             fill="toself", fillcolor="rgba(0,114,178,0.18)", line=dict(width=0),
                             name=say("selang kepercayaan 95%", "95% confidence interval"), hoverinfo="skip"))
    unit = say(*UNITS[outcome])
    fig.add_trace(go.Scatter(
        x=x, y=events["estimate"] * k, mode="lines+markers", line=dict(color=ACCENT, width=2), marker=dict(size=4),
        name=say("perkiraan dampak", "estimated effect"),
        customdata=(events[["ci_low", "ci_high"]] * k).to_numpy(),
        hovertemplate=say("bulan ke-", "month ") + "%{x}: %{y:,.3f} " + unit
                      + " [%{customdata[0]:,.3f}; %{customdata[1]:,.3f}]<extra></extra>"))
    if planted is not None and outcome in ("per_capita", "pl_ratio"):
        column = "effect_rupiah_per_capita" if outcome == "per_capita" else "effect_pl_ratio"
        truth = planted[planted["event_time"].between(x.min(), x.max())]
        fig.add_trace(go.Scatter(x=truth["event_time"], y=truth[column], mode="lines",
                                 line=dict(color=SECOND, dash="dash"),
                                 name=say("efek yang ditanam (data sintetis)", "planted effect (synthetic data)")))
    fig.add_hline(y=0, line_color="#333", line_width=1)
    fig.update_xaxes(title=say("Bulan sejak bergabung (0 = bulan bergabung)", "Months since joining (0 = joining month)"),
                     dtick=6)
    fig.update_yaxes(title=unit)
    return apply(fig, title, subtitle, lang=lang, height=440)
