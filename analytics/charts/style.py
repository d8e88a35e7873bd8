"""One palette and type scale for every chart."""
from __future__ import annotations

import plotly.graph_objects as go

FONT = '"Source Sans 3", "Source Sans Pro", "DejaVu Sans", Arial, sans-serif'
# Status colours: ordered, colour-blind safe (Okabe-Ito based); insufficient data in grey.
STATUS_COLOURS = {
    "insufficient": "#BBBBBB", "poor": "#D55E00", "vulnerable": "#E69F00",
    "steady": "#56B4E9", "independent": "#0072B2",
}
SEQUENTIAL = "Viridis"      # perceptually uniform, colour-blind safe
NO_DATA = "#E6E6E6"
ACCENT = "#0072B2"
SECOND = "#D55E00"


# Decimal and thousands marks of axis ticks and hover numbers: 3,5 and 1.000 in Bahasa Indonesia.
SEPARATORS = {"id": ",.", "en": ".,"}


def apply(fig: go.Figure, title: str | None = None, subtitle: str | None = None, height: int = 420, *,
          lang: str) -> go.Figure:
    """Common layout: fonts, margins, title with subtitle (region, period), the language's number marks."""
    text = None
    if title:
        text = f"<b>{title}</b>" + (f"<br><span style='font-size:13px;color:#555'>{subtitle}</span>" if subtitle else "")
    fig.update_layout(
        font=dict(family=FONT, size=13, color="#222"),
        title=dict(text=text, x=0, xanchor="left", font=dict(size=17)) if text else None,
        margin=dict(l=10, r=10, t=70 if text else 20, b=40),
        height=height, paper_bgcolor="white", plot_bgcolor="white", separators=SEPARATORS[lang],
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0),
    )
    fig.update_xaxes(showgrid=False, linecolor="#999")
    fig.update_yaxes(gridcolor="#EEE", zeroline=False)
    return fig
