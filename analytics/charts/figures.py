"""Figure builders for the pages (no Streamlit): each takes tidy data and returns a figure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ACCENT, SECOND, STATUS_COLOURS, apply
from analytics.formatting import number
from analytics.i18n import t
from analytics.reference_names import channel as channel_name, term

SHARE_COLUMNS = [("share_independent", "independent"), ("share_steady_only", "steady"),
                 ("share_vulnerable", "vulnerable"), ("share_poor", "poor"), ("share_insufficient", "insufficient")]


def status_trend(trend: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Stacked shares of active members in each status, month by month."""
    frame = trend.assign(share_steady_only=trend["share_steady"] - trend["share_independent"])
    fig = go.Figure()
    for column, status in SHARE_COLUMNS:
        fig.add_trace(go.Scatter(
            x=frame["month"], y=frame[column] * 100, name=t(f"status.{status}", lang), stackgroup="one",
            mode="lines", line=dict(width=0.5, color=STATUS_COLOURS[status]),
            hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + t(f"status.{status}", lang) + "</extra>"))
    fig.update_yaxes(title=t("unit.share_active", lang), range=[0, 100], ticksuffix="%")
    fig.update_xaxes(title=t("chart.month", lang))
    return apply(fig, title, subtitle, lang=lang)


def ranking(frame: pd.DataFrame, column: str, lang: str, title: str, subtitle: str, axis: str,
            highlight: str | None = None) -> go.Figure:
    """Horizontal bars, best at the top, values as percentages; `highlight` (a region code) stands out."""
    frame = frame.iloc[::-1]
    colours = [SECOND if code == highlight else ACCENT for code in frame["region_code"]]
    fig = go.Figure(go.Bar(x=frame[column] * 100, y=frame["name"], orientation="h", marker_color=colours,
                           text=[number(v * 100, lang, 1) + "%" for v in frame[column]], textposition="outside",
                           hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_xaxes(title=axis, ticksuffix="%", range=[0, float(frame[column].max()) * 100 * 1.3])
    return apply(fig, title, subtitle, lang=lang, height=max(260, 28 * len(frame) + 120))


def distribution(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Histogram of pl_ratio (bins of 0.1), with the poverty line at 1.0 marked."""
    total = frame["reports"].sum()
    fig = go.Figure(go.Bar(x=frame["bin_start"] + 0.05, y=frame["reports"] / total * 100, width=0.1,
                           marker_color=[SECOND if b < 1 else ACCENT for b in frame["bin_start"]],
                           hovertemplate="%{x:.2f}: %{y:.1f}%<extra></extra>"))
    fig.add_vline(x=1.0, line_dash="dash", line_color="#333",
                  annotation_text=t("chart.poverty_line", lang), annotation_position="top")
    fig.update_xaxes(title=t("chart.pl_ratio_binned", lang))
    fig.update_yaxes(title=t("unit.share_reports", lang), ticksuffix="%")
    return apply(fig, title, subtitle, lang=lang, height=360)


def cohort_curves(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for cohort, group in frame.groupby("cohort"):
        fig.add_trace(go.Scatter(x=group["event_time"], y=group["mean_pl_ratio"], mode="lines", name=str(cohort),
                                 hovertemplate="%{x}: %{y:.2f}<extra>" + str(cohort) + "</extra>"))
    fig.add_vline(x=0, line_dash="dot", line_color="#666",
                  annotation_text=t("chart.joined", lang), annotation_position="top")
    fig.add_hline(y=1.0, line_dash="dash", line_color="#333")
    fig.update_xaxes(title=t("chart.months_since_joining", lang))
    fig.update_yaxes(title=t("chart.mean_pl_ratio", lang))
    fig.update_layout(legend_title_text=t("filter.cohort_short", lang))
    return apply(fig, title, subtitle, lang=lang, height=380)


def member_trajectories(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for pseudonym, group in frame.groupby("pseudonym"):
        fig.add_trace(go.Scatter(x=group["month"], y=group["pl_ratio"], mode="lines+markers", name=pseudonym,
                                 marker=dict(size=4), connectgaps=False,
                                 hovertemplate="%{x|%b %Y}: %{y:.2f}<extra>" + pseudonym + "</extra>"))
    fig.add_hline(y=1.0, line_dash="dash", line_color="#333",
                  annotation_text=t("chart.poverty_line", lang), annotation_position="top left")
    # two lines: with the legend below, one line ran past the plot into the subtitle
    fig.update_yaxes(title=t("chart.pl_ratio_two_lines", lang))
    fig.update_xaxes(title=t("chart.month", lang))
    return apply(fig, title, subtitle, lang=lang, height=420)


def chain_sankey(flows: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Stages of each chain from upstream to downstream, then to their offtakers (12-month sales)."""
    labels, index = [], {}

    def node(name: str) -> int:
        if name not in index:
            index[name] = len(labels)
            labels.append(name)
        return index[name]

    src, dst, val = [], [], []
    for _, chain in flows.groupby("chain_id"):
        stages = chain.drop_duplicates("stage_no").sort_values("stage_no")
        names = [f"{term(r.stage_name, lang)} ({r.groups} KUBE)" for r in stages.itertuples()]
        for a, b, r in zip(names, names[1:], stages.itertuples()):
            src.append(node(a)), dst.append(node(b)), val.append(max(r.sales_12m, 1))
        for r in chain[chain["offtaker"].notna()].itertuples():
            stage = names[list(stages["stage_no"]).index(r.stage_no)]
            src.append(node(stage)), dst.append(node(r.offtaker)), val.append(max(r.bought_12m, 1))
    fig = go.Figure(go.Sankey(node=dict(label=labels, pad=18, thickness=16, color=ACCENT),
                              link=dict(source=src, target=dst, value=val,
                                        hovertemplate="Rp%{value:,.0f}<extra></extra>")))
    return apply(fig, title, subtitle, lang=lang, height=460)


def channel_area(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for channel, group in frame.groupby("channel"):
        label = channel_name(channel, lang)
        fig.add_trace(go.Scatter(x=group["month"], y=group["value_rupiah"] / 1e6, name=label, stackgroup="one",
                                 mode="lines", hovertemplate="%{x|%b %Y}: Rp%{y:,.0f} " + t("unit.million", lang)
                                 + "<extra>" + label + "</extra>"))
    fig.update_yaxes(title=t("chart.sales_monthly", lang))
    fig.update_xaxes(title=t("chart.month", lang))
    return apply(fig, title, subtitle, lang=lang, height=400)


def demand_supply(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    frame = frame.head(12).iloc[::-1]
    products = [term(p, lang) for p in frame["product"]]
    fig = go.Figure([
        go.Bar(y=products, x=frame["demand_12m"] / 1e6, orientation="h", name=t("chart.offtaker_demand", lang),
               marker_color=SECOND),
        go.Bar(y=products, x=frame["supply_12m"] / 1e6, orientation="h", name=t("chart.group_sales", lang),
               marker_color=ACCENT),
    ])
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("chart.million_12m", lang))
    return apply(fig, title, subtitle, lang=lang, height=max(320, 40 * len(frame) + 140))


COMPARE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")       # Okabe-Ito, one per region


def compare_lines(frame: pd.DataFrame, column: str, lang: str, title: str, subtitle: str, axis: str) -> go.Figure:
    """One line per region (`name`) of a share over months, on one shared 0-100 % axis; a month
    without a figure leaves a gap."""
    fig = go.Figure()
    for (code, name), group in frame.groupby(["region_code", "name"], sort=False):
        colour = COMPARE_COLOURS[len(fig.data) % len(COMPARE_COLOURS)]
        fig.add_trace(go.Scatter(x=group["month"], y=group[column] * 100, mode="lines", name=name,
                                 line=dict(color=colour, width=2), connectgaps=False,
                                 hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + name + "</extra>"))
    fig.update_yaxes(title=axis, range=[0, 100], ticksuffix="%")
    fig.update_xaxes(title=t("chart.month", lang))
    return apply(fig, title, subtitle, lang=lang, height=380)


def compare_distributions(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Each region's reports by pl_ratio bin (share of its own reports), on shared axes."""
    fig = go.Figure()
    for (code, name), group in frame.groupby(["region_code", "name"], sort=False):
        colour = COMPARE_COLOURS[len(fig.data) % len(COMPARE_COLOURS)]
        share = group["reports"] / group["reports"].sum() * 100
        fig.add_trace(go.Scatter(x=group["bin_start"] + 0.05, y=share, mode="lines", name=name,
                                 line=dict(color=colour, width=2, shape="hvh"),
                                 hovertemplate="%{x:.2f}: %{y:.1f}%<extra>" + name + "</extra>"))
    fig.add_vline(x=1.0, line_dash="dash", line_color="#333", annotation_text=t("chart.poverty_line", lang),
                  annotation_position="top right")
    fig.update_xaxes(title=t("chart.pl_ratio_binned", lang))
    fig.update_yaxes(title=t("unit.share_reports", lang), ticksuffix="%", rangemode="tozero")
    return apply(fig, title, subtitle, lang=lang, height=380)
