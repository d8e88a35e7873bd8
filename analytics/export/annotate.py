"""What every exported figure carries beyond the chart: a footnote with provenance."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

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


def for_export(fig: go.Figure, provenance: Provenance) -> go.Figure:
    """A copy of the figure as shown, with the provenance footnote below it (and below a legend
    placed under the plot, as the shared style does)."""
    from analytics.charts.maps import embedded

    out = go.Figure(embedded(fig))
    lines = provenance.lines()
    height = int(out.layout.height or 450)
    top, bottom = out.layout.margin.t or 80, out.layout.margin.b or 80
    offset = bottom + 10
    legend_below = (out.layout.legend.y is not None and out.layout.legend.y < 0
                    and (len(out.data) > 1 or out.layout.showlegend))
    if legend_below:
        plot_height = height - top - bottom
        offset = max(offset, int(-out.layout.legend.y * plot_height) + 50)
    footer = 16 * len(lines) + 12
    out.update_layout(margin=dict(b=offset + footer), height=height + (offset - bottom) + footer)
    out.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left",
                       yanchor="top", yshift=-offset, showarrow=False, align="left",
                       font=dict(size=10, color="#555"))
    return out
