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


TITLE_PX, SUBTITLE_PX = 17, 13
EXPORT_WIDTH = 1100                 # px of an exported image (analytics.export.images)
AXIS_TITLE_CHARS = 26               # a longer axis title is drawn on two lines
LINE_PX = 1.35                      # line height as a multiple of the font size


def wrap(text: str, width_px: int, font_px: int, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines that fit `width_px` (an estimate from the font size)."""
    per_char = font_px * (0.58 if bold else 0.52)
    limit = max(12, int(width_px / per_char))
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def titles(fig: go.Figure) -> tuple[str | None, str | None]:
    """The (title, subtitle) `apply` gave a figure."""
    kept = (fig.layout.meta or {}).get("kube_title", {}) if isinstance(fig.layout.meta, dict) else {}
    return kept.get("title"), kept.get("subtitle")


def title_block(fig: go.Figure, width_px: int) -> int:
    """Put the title and subtitle in the figure, wrapped to `width_px`; returns their height in px."""
    title, subtitle = titles(fig)
    if not title:                 # a figure not styled here: its own title, if any, stays
        text = fig.layout.title.text or ""
        return int(16 + TITLE_PX * LINE_PX * (text.count("<br>") + 1) + 8) if text else 0
    head = wrap(title, width_px - 20, TITLE_PX, bold=True)
    sub = wrap(subtitle, width_px - 20, SUBTITLE_PX) if subtitle else []
    text = "<br>".join(f"<b>{line}</b>" for line in head)
    if sub:
        text += "<br>" + "<br>".join(f"<span style='font-size:{SUBTITLE_PX}px;color:#555'>{line}</span>" for line in sub)
    fig.update_layout(title=dict(text=text, x=0, xanchor="left", xref="container", yref="container", y=1,
                                 yanchor="top", pad=dict(t=16, l=10), font=dict(size=TITLE_PX)))
    return int(16 + TITLE_PX * LINE_PX * len(head) + SUBTITLE_PX * LINE_PX * len(sub) + 8)


def apply(fig: go.Figure, title: str | None = None, subtitle: str | None = None, height: int = 420, *,
          lang: str) -> go.Figure:
    """Common layout: fonts, margins, the language's number marks, a legend at the bottom (below
    the axis titles, margins grow to fit), month axes labelled per period. The title and subtitle
    are kept in the figure's meta: the page draws them as text above the chart (they wrap on a
    phone), exports put them in the figure wrapped to the image's width (`title_block`)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.update_layout(
        font=dict(family=FONT, size=13, color="#222"),
        meta={**meta, "kube_title": {"title": title, "subtitle": subtitle}},
        margin=dict(l=10, r=16, t=16, b=10),
        height=height, paper_bgcolor="white", plot_bgcolor="white", separators=SEPARATORS[lang],
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
    )
    fig.update_xaxes(showgrid=False, linecolor="#999", automargin=True, ticklabelstandoff=6, tickangle=0)
    if _dates_on_x(fig):           # '2020' under the year it names, clear of the y axis's labels
        fig.update_xaxes(ticklabelmode="period")
    fig.update_yaxes(gridcolor="#EEE", zeroline=False, automargin=True)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):     # long axis titles on two lines (narrow screens)
        if axis.title.text and "<br>" not in axis.title.text and len(axis.title.text) > AXIS_TITLE_CHARS:
            axis.title.text = "<br>".join(wrap(axis.title.text, int(len(axis.title.text) / 2 + 6) * 7, 13))
    fig.update_layout(margin=dict(t=title_block(fig, EXPORT_WIDTH) + 16))
    return fig


def mark_x(fig: go.Figure, x: float, text: str, dash: str = "dash") -> None:
    """A vertical line at `x` with its label inside the plot's top edge (never in the margin)."""
    fig.add_vline(x=x, line_dash=dash, line_color="#333")
    fig.add_annotation(x=x, y=1, yref="paper", text=text, showarrow=False, xanchor="left", yanchor="top",
                       xshift=4, font=dict(size=12, color="#333"), bgcolor="rgba(255,255,255,0.8)")


def _dates_on_x(fig: go.Figure) -> bool:
    import pandas as pd
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is not None and len(x) and not isinstance(trace, go.Bar):
            return pd.api.types.is_datetime64_any_dtype(pd.Series(list(x[:5]))) or hasattr(x[0], "year")
    return False
