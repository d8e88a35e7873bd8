"""What every exported figure carries beyond the chart: a footnote with provenance."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from analytics.charts.style import EXPORT_WIDTH, LINE_PX, title_block, wrap

from analytics.formatting import day as fmt_day, month as fmt_month
from analytics.i18n import t


@dataclass(frozen=True)
class Provenance:
    lang: str
    data_month: date | None       # "data as of"
    thresholds: str               # the policy caption in force
    synthetic: bool
    filters: str = ""             # human-readable filters, e.g. "Komoditas: Kopi"
    generated: date | None = None

    def lines(self) -> list[str]:
        generated = self.generated or date.today()
        lines = [t("export.source_line", self.lang, month=fmt_month(self.data_month, self.lang),
                   generated=fmt_day(generated, self.lang)),
                 self.thresholds]
        if self.filters:
            lines.append(t("export.filters_line", self.lang, filters=self.filters))
        if self.synthetic:
            lines.append(t("export.synthetic_line", self.lang))
        return lines

    def text(self) -> str:
        return " ".join(self.lines())


FOOTNOTE_PX = 10
TICKS_PX, AXIS_TITLE_PX = 34, 26        # an x axis's tick labels (with their standoff), and each line of its title


def for_export(fig: go.Figure, provenance: Provenance, width: int = EXPORT_WIDTH) -> go.Figure:
    """A copy of the figure as shown, for an image `width` px wide: the title and subtitle wrapped
    to it, the provenance footnote at the bottom, the legend and the x axis above it. The bottom
    margin is set large enough for all three, so nothing moves once plotly.js lays it out."""
    from analytics.charts.maps import embedded, fit

    out = go.Figure(embedded(fig))
    lines = [part for line in provenance.lines() for part in wrap(line, width - 20, FOOTNOTE_PX)]
    footer = int(FOOTNOTE_PX * LINE_PX * len(lines) + 16)
    height = int(out.layout.height or 450) + footer
    above = _legend_height(out, width) + _x_axis_height(out)
    out.update_layout(height=height, margin=dict(t=title_block(out, width) + 16, b=footer + above + 10),
                      legend=dict(yref="container", y=footer / height, yanchor="bottom"))
    out.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-(above + 14), showarrow=False, align="left",
                       font=dict(size=FOOTNOTE_PX, color="#555"))
    return fit(out, width, height)


def _x_axis_height(fig: go.Figure) -> int:
    if not any(getattr(trace, "xaxis", None) is not None or trace.type in ("scatter", "bar") for trace in fig.data):
        return 0
    title = fig.layout.xaxis.title.text or ""
    return TICKS_PX + (AXIS_TITLE_PX * (title.count("<br>") + 1) if title else 0)


def _legend_height(fig: go.Figure, width: int) -> int:
    """Rows of a horizontal legend at `width` px (an estimate from its entries' lengths) x 22 px."""
    names = [trace.name for trace in fig.data if trace.name and trace.showlegend is not False
             and trace.type not in ("choroplethmap", "sankey")]
    if len(names) < 2 or fig.layout.showlegend is False:
        return 0
    entry = fig.layout.legend.entrywidth
    widths = [(entry or 7 * len(str(n))) + 44 for n in names]
    if fig.layout.legend.title.text:
        widths.insert(0, 8 * len(fig.layout.legend.title.text))
    rows, used = 1, 0
    for w in widths:
        if used and used + w > width - 20:
            rows, used = rows + 1, 0
        used += w
    return rows * 24 + 8
