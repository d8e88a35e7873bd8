"""Figure builders for the pages (no Streamlit): each takes tidy data and returns a figure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics.charts.style import ACCENT, SECOND, STATUS_COLOURS, apply, mark_x
from analytics.formatting import number
from analytics.i18n import t
from analytics.reference_names import channel as channel_name, short_name, term

def every_month(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """`frame` with a row (empty values) for every month between its first and last, per `by`
    group: a line then breaks where a month has no figure instead of joining its neighbours."""
    if frame.empty:
        return frame
    frame = frame.assign(month=pd.to_datetime(frame["month"]))
    months = pd.date_range(frame["month"].min(), frame["month"].max(), freq="MS")
    if not by:
        return frame.set_index("month").reindex(months).rename_axis("month").reset_index()
    parts = []
    for keys, group in frame.groupby(by, sort=False):
        full = group.set_index("month").reindex(months).rename_axis("month").reset_index()
        full[by] = keys if isinstance(keys, tuple) else (keys,)
        parts.append(full)
    return pd.concat(parts, ignore_index=True)


def rupiah_scale(largest: float, lang: str) -> tuple[float, str]:
    """(divisor, unit word) for a Rupiah axis: 'juta' from Rp1 juta, 'miliar' from Rp1 miliar."""
    if largest >= 1e9:
        return 1e9, t("unit.billion", lang)
    if largest >= 1e6:
        return 1e6, t("unit.million", lang)
    return 1.0, ""


SHARE_COLUMNS = [("share_independent", "independent"), ("share_steady_only", "steady"),
                 ("share_vulnerable", "vulnerable"), ("share_poor", "poor"), ("share_insufficient", "insufficient")]


def status_trend(trend: pd.DataFrame, lang: str, title: str, subtitle: str, height: int = 420) -> go.Figure:
    """Stacked shares of reporting members in each status, month by month."""
    frame = every_month(trend.assign(share_steady_only=trend["share_steady"] - trend["share_independent"]))
    fig = go.Figure()
    for column, status in SHARE_COLUMNS:
        fig.add_trace(go.Scatter(
            x=frame["month"], y=frame[column] * 100, name=t(f"status.{status}", lang), stackgroup="one",
            stackgaps="infer zero",            # a month without figures shows as a gap, not a bridge
            mode="lines", line=dict(width=0.5, color=STATUS_COLOURS[status]),
            hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra>" + t(f"status.{status}", lang) + "</extra>"))
    fig.update_yaxes(title=t("unit.share_active", lang), range=[0, 100], ticksuffix="%")
    return apply(fig, title, subtitle, lang=lang, height=height)


def ranking(frame: pd.DataFrame, column: str, lang: str, title: str, subtitle: str, axis: str,
            highlight: str | None = None) -> go.Figure:
    """Horizontal bars, best at the top, values as percentages; `highlight` (a region code) stands out."""
    frame = frame.iloc[::-1]
    colours = [SECOND if code == highlight else ACCENT for code in frame["region_code"]]
    names = [short_name(n) for n in frame["name"]]
    fig = go.Figure(go.Bar(x=frame[column] * 100, y=names, orientation="h", marker_color=colours,
                           text=[number(v * 100, lang, 1) + "%" for v in frame[column]], textposition="outside",
                           cliponaxis=False,
                           hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    fig.update_xaxes(title=axis, ticksuffix="%", range=[0, float(frame[column].max()) * 100 * 1.15])
    apply(fig, title, subtitle, lang=lang, height=max(260, 28 * len(frame) + 120))
    fig.update_layout(margin=dict(r=56))        # the last bar's label lies beyond the axis
    return fig


def distribution(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Histogram of pl_ratio (bins of 0.1), with the poverty line at 1.0 marked."""
    total = frame["reports"].sum()
    fig = go.Figure(go.Bar(x=frame["bin_start"] + 0.05, y=frame["reports"] / total * 100, width=0.1,
                           marker_color=[SECOND if b < 1 else ACCENT for b in frame["bin_start"]],
                           hovertemplate="%{x:.2f}: %{y:.1f}%<extra></extra>"))
    mark_x(fig, 1.0, t("chart.poverty_line", lang))
    fig.update_xaxes(title=t("chart.pl_ratio_binned", lang))
    fig.update_yaxes(title=t("unit.share_reports", lang), ticksuffix="%")
    return apply(fig, title, subtitle, lang=lang, height=360)


def cohort_curves(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for cohort, group in frame.groupby("cohort"):
        span = range(int(group["event_time"].min()), int(group["event_time"].max()) + 1)
        group = group.set_index("event_time").reindex(span).rename_axis("event_time").reset_index()
        fig.add_trace(go.Scatter(x=group["event_time"], y=group["mean_pl_ratio"], mode="lines", name=str(cohort),
                                 connectgaps=False,
                                 hovertemplate="%{x}: %{y:.2f}<extra>" + str(cohort) + "</extra>"))
    mark_x(fig, 0, t("chart.joined", lang), dash="dot")
    fig.add_hline(y=1.0, line_dash="dash", line_color="#333")
    fig.update_xaxes(title=t("chart.months_since_joining", lang))
    fig.update_yaxes(title=t("chart.mean_pl_ratio", lang))
    apply(fig, title, subtitle, lang=lang, height=380)
    fig.update_layout(legend=dict(title_text=t("filter.cohort_short", lang), entrywidth=56))
    return fig


def member_trajectories(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    fig = go.Figure()
    for pseudonym, group in every_month(frame, ["pseudonym"]).groupby("pseudonym"):
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
        names = [f"{term(r.stage_name, lang)}<br>{r.groups} KUBE" for r in stages.itertuples()]
        for a, b, r in zip(names, names[1:], stages.itertuples()):
            src.append(node(a)), dst.append(node(b)), val.append(max(r.sales_12m, 1))
        for r in chain[chain["offtaker"].notna()].itertuples():
            stage = names[list(stages["stage_no"]).index(r.stage_no)]
            buyer = term(r.offtaker, lang).replace(" (", "<br>(")
            src.append(node(stage)), dst.append(node(buyer)), val.append(max(r.bought_12m, 1))
    fig = go.Figure(go.Sankey(node=dict(label=labels, pad=18, thickness=16, color=ACCENT), textfont=dict(size=11),
                              link=dict(source=src, target=dst, value=val,
                                        hovertemplate="Rp%{value:,.0f}<extra></extra>")))
    return apply(fig, title, subtitle, lang=lang, height=460)


def channel_area(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Monthly sales stacked by channel (a month without a channel's sales counts as none)."""
    frame = every_month(frame, ["channel"]).fillna({"value_rupiah": 0})
    divisor, unit = rupiah_scale(frame.groupby("month")["value_rupiah"].sum().max(), lang)
    fig = go.Figure()
    for channel, group in frame.groupby("channel"):
        label = channel_name(channel, lang)
        fig.add_trace(go.Scatter(x=group["month"], y=group["value_rupiah"] / divisor, name=label, stackgroup="one",
                                 mode="lines", hovertemplate="%{x|%b %Y}: Rp%{y:,.0f} " + unit
                                 + "<extra>" + label + "</extra>"))
    fig.update_yaxes(title=t("chart.sales_monthly", lang), tickprefix="Rp", ticksuffix=f" {unit}" if unit else "",
                     tickformat=",.0f")
    return apply(fig, title, subtitle, lang=lang, height=400)


def demand_supply(frame: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    frame = frame.head(12).iloc[::-1]
    products = [term(p, lang) for p in frame["product"]]
    divisor, unit = rupiah_scale(max(frame["demand_12m"].max(), frame["supply_12m"].max()), lang)
    fig = go.Figure([
        go.Bar(y=products, x=frame["demand_12m"] / divisor, orientation="h", name=t("chart.offtaker_demand", lang),
               marker_color=SECOND, hovertemplate="%{y}: Rp%{x:,.1f} " + unit + "<extra></extra>"),
        go.Bar(y=products, x=frame["supply_12m"] / divisor, orientation="h", name=t("chart.group_sales", lang),
               marker_color=ACCENT, hovertemplate="%{y}: Rp%{x:,.1f} " + unit + "<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("chart.rupiah_12m", lang), tickprefix="Rp", ticksuffix=f" {unit}" if unit else "",
                     tickformat=",.0f")
    return apply(fig, title, subtitle, lang=lang, height=max(320, 40 * len(frame) + 140))


COMPARE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")       # Okabe-Ito, one per region


def compare_lines(frame: pd.DataFrame, column: str, lang: str, title: str, subtitle: str, axis: str) -> go.Figure:
    """One line per region (`name`) of a share over months, on one shared 0-100 % axis; a month
    without a figure leaves a gap."""
    fig = go.Figure()
    for (code, name), group in every_month(frame, ["region_code", "name"]).groupby(["region_code", "name"], sort=False):
        colour = COMPARE_COLOURS[len(fig.data) % len(COMPARE_COLOURS)]
        fig.add_trace(go.Scatter(x=group["month"], y=group[column] * 100, mode="lines", name=short_name(name),
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
        fig.add_trace(go.Scatter(x=group["bin_start"] + 0.05, y=share, mode="lines", name=short_name(name),
                                 line=dict(color=colour, width=2, shape="hvh"),
                                 hovertemplate="%{x:.2f}: %{y:.1f}%<extra>" + name + "</extra>"))
    mark_x(fig, 1.0, t("chart.poverty_line", lang))
    fig.update_xaxes(title=t("chart.pl_ratio_binned", lang))
    fig.update_yaxes(title=t("unit.share_reports", lang), ticksuffix="%", rangemode="tozero")
    return apply(fig, title, subtitle, lang=lang, height=380)


def completeness_trend(trend: pd.DataFrame, lang: str, title: str, subtitle: str) -> go.Figure:
    """Share of registered members who reported, month by month."""
    trend = every_month(trend)
    fig = go.Figure(go.Scatter(x=trend["month"], y=trend["completeness"] * 100, mode="lines",
                               line=dict(color=ACCENT), connectgaps=False,
                               hovertemplate="%{x|%b %Y}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(title=t("quality.axis_reporting", lang), range=[0, 100], ticksuffix="%")
    return apply(fig, title, subtitle, lang=lang, height=320)
