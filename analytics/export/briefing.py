"""The one-page regional briefing: headline figures with their 12-month change, the map, the
trend, best and worst regions, three generated key sentences; as an A4 PDF or a short PPTX.
Figures come from the same queries and the same disclosure control as the dashboard."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analytics.access.scope import Scope
from analytics.changes import twelve_months_before, with_changes
from analytics.charts import figures
from analytics.charts.maps import fit
from analytics.charts.style import title_block
from analytics.disclosure import K, suppress_regions
from analytics.export.annotate import Provenance
from analytics.export.images import image_bytes
from analytics.formatting import month as fmt_month, number, percent
from analytics.headline import MIN_RANKED, MIN_TO_RANK, Figure, best_and_worst, headline, ranked, shares_sentence
from analytics.i18n import t
from analytics.metrics import queries
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.policy_text import caption
from analytics.store import is_synthetic

HEADLINES = ("active_members", "share_steady", "share_independent", "exits_12m", "share_poor")


class BriefingError(ValueError):
    """No briefing can be made (unknown region, no data for the month)."""


@dataclass
class Briefing:
    region: str
    place: str
    month: date
    lang: str
    headlines: list[Figure]
    sentences: list[str]
    trend: pd.DataFrame
    ranked: pd.DataFrame        # best first; columns region_code, name, share_steady, active_members
    map_values: pd.DataFrame
    provenance: Provenance
    figures: dict[str, go.Figure] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope.nation)     # whose briefing: its map shows only this
    basis: list[str] = field(default_factory=list)     # whom the shares are of; the month's Rupiah medians

    @property
    def title(self) -> str:
        return t("briefing.title", self.lang, place=self.place)

    @property
    def subtitle(self) -> str:
        return t("briefing.subtitle", self.lang, month=fmt_month(self.month, self.lang))


def _place(con: duckdb.DuckDBPyConnection, region: str) -> str:
    if region == "00":
        return "Indonesia"
    table, column = ("provinces", "province_code") if len(region) == 2 else ("regencies", "regency_code")
    rows = con.execute(f"SELECT name FROM {table} WHERE {column} = ?", [region]).fetchall()
    if not rows:
        raise BriefingError(f"unknown region code {region!r} (use a Kemendagri code such as 72 or 72.01)")
    return rows[0][0]


def build(con: duckdb.DuckDBPyConnection, region: str = "00", lang: str = "id", month: date | None = None,
          policy: Policy = DEFAULT_POLICY, *, scope: Scope) -> Briefing:
    """The briefing of `region` for a caller with `scope`: the region must lie inside it, and the
    map and ranking hold only regions inside it."""
    if not scope.contains(region):
        raise BriefingError(f"region {region!r} is outside the caller's scope")
    place = _place(con, region)
    month = month or queries.default_month(con, policy, scope=scope)
    trend = suppress_regions(queries.region_trend(con, region, policy, scope=scope))
    if month is None or trend.empty:
        raise BriefingError(t("briefing.no_data", lang, place=place))
    trend["month"] = pd.to_datetime(trend["month"])
    now = headline(trend, month)
    if now is None:
        raise BriefingError(t("briefing.no_data_month", lang, place=place, month=fmt_month(month, lang)))

    # Children on the map and in the ranking: provinces of the nation, regencies of a province
    # (a regency is shown among its province's regencies).
    parent = None if region == "00" else region[:2]
    level = "provinsi" if region == "00" else "kabupaten"
    def children_at(when: date) -> pd.DataFrame:
        return suppress_regions(queries.region_metrics(con, level, month=when, parent=parent, policy=policy,
                                                       scope=scope))
    children = with_changes(children_at(month), children_at(twelve_months_before(month)))
    ranking = ranked(children)
    provenance = Provenance(lang=lang, data_month=month, thresholds=caption(policy, lang),
                            synthetic=is_synthetic(con))
    basis = [line for line in (shares_sentence(now.now, lang), now.medians(lang, fmt_month(month, lang))) if line]
    return Briefing(region, place, month, lang, [now.figure(k, lang) for k in HEADLINES],
                    _sentences(now.now, now.before, ranking, place, lang), trend, ranking, children, provenance,
                    basis=basis, scope=scope)


def _sentences(now: pd.Series, before: pd.Series | None, ranking: pd.DataFrame, place: str, lang: str) -> list[str]:
    if bool(now.get("suppressed", False)):
        return [t("briefing.suppressed", lang, place=place, k=K)]
    pct = lambda v: percent(v, lang, 0)  # noqa: E731
    out = []
    if before is not None and pd.notna(before["share_steady"]):
        rose = now["share_steady"] >= before["share_steady"]
        out.append(t("briefing.steady_rose" if rose else "briefing.steady_fell", lang,
                     before=pct(before["share_steady"]), now=pct(now["share_steady"])))
    else:
        out.append(t("briefing.steady_now", lang, now=pct(now["share_steady"])))
    if pd.notna(now["exits_12m"]):
        rate = t("briefing.exit_rate", lang, rate=pct(now["exit_rate_12m"])) if pd.notna(now["exit_rate_12m"]) else ""
        out.append(t("briefing.exits", lang, exits=number(now["exits_12m"], lang), rate=rate))
    if len(ranking) >= MIN_TO_RANK:
        best, worst = ranking.iloc[0], ranking.iloc[-1]
        out.append(t("briefing.best_worst", lang, best=best["name"], best_share=pct(best["share_steady"]),
                     worst=worst["name"], worst_share=pct(worst["share_steady"])))
    else:
        out.append(t("briefing.independent_poor", lang, independent=pct(now["share_independent"]),
                     poor=pct(now["share_poor"])))
    return out[:3]


# Image sizes in pixels, drawn at these proportions on the A4 page (content 186 mm wide).
SIZES = {"map": (1400, 860), "trend": (900, 760), "change": (900, 760)}


def make_figures(b: Briefing) -> dict[str, go.Figure]:
    """The map of the steady share, the trend and the map of its 12-month change (maps when the
    boundaries are built), styled as on the dashboard."""
    period = fmt_month(b.month, b.lang)
    out = {"trend": figures.status_trend(b.trend, b.lang, t("chart.status_title", b.lang),
                                         f"{b.place} · {t('common.monthly_to', b.lang, period=period)}",
                                         height=SIZES["trend"][1])}
    try:
        from analytics.charts.maps import choropleth, inside
        from analytics.geo.layers import layer, regencies_of
        level = "provinsi" if b.region == "00" else "kabupaten"
        geojson = inside(layer("provinsi") if b.region == "00" else regencies_of(b.region[:2]), level,
                         b.scope.contains)
        where = b.place if b.region == "00" or len(b.region) == 2 else t("briefing.regencies_of", b.lang)
        out["map"] = choropleth(geojson, b.map_values, level, "share_steady", b.lang,
                                t("metric.share_steady", b.lang), f"{where} · {period}", height=SIZES["map"][1])
        out["change"] = choropleth(geojson, b.map_values, level, "share_steady_change", b.lang,
                                   t("metric.share_steady_change", b.lang), f"{where} · {period}",
                                   height=SIZES["change"][1])
    except Exception:       # boundaries not built: the briefing says so instead of a map
        pass
    b.figures = out
    return out


def _images(b: Briefing) -> dict[str, bytes]:
    figs = b.figures or make_figures(b)
    out = {}
    for name, fig in figs.items():
        width, height = SIZES[name]
        fig.update_layout(margin=dict(t=title_block(fig, width) + 16))
        out[name] = image_bytes(fit(fig, width, height), "png", width, height)
    return out


def _ranking_rows(b: Briefing, n: int = 3) -> list[tuple[str, str, str]]:
    """(label, region, share): the best and worst; with few regions all of them, by rank."""
    best, worst = best_and_worst(b.ranked, n)
    if worst.empty:
        return [(f"{i}.", r["name"], percent(r["share_steady"], b.lang)) for i, (_, r) in enumerate(best.iterrows(), 1)]
    rows = [(t("briefing.highest", b.lang), r["name"], percent(r["share_steady"], b.lang)) for _, r in best.iterrows()]
    rows += [(t("briefing.lowest", b.lang), r["name"], percent(r["share_steady"], b.lang)) for _, r in worst.iterrows()]
    return rows


def to_pdf(b: Briefing) -> bytes:
    """One A4 page: headline figures, key sentences, a large map, the trend beside the change map,
    the best and worst regions, the source footnote."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    images = _images(b)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=9 * mm,
                            bottomMargin=8 * mm, title=b.title, author="Pantau KUBE")
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=6.5, leading=8, textColor=colors.HexColor("#555555"))
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=8.5, leading=10.5)
    heading = ParagraphStyle("heading", parent=styles["Title"], fontSize=16, leading=19, spaceAfter=1 * mm)
    width = A4[0] - 24 * mm
    story = [Paragraph(b.title, heading), Paragraph(b.subtitle, body)]
    if b.provenance.synthetic:
        story.append(Paragraph(t("briefing.synthetic_pdf", b.lang),
                               ParagraphStyle("warn", parent=body, textColor=colors.HexColor("#B35900"))))
    story.append(Spacer(1, 2 * mm))
    label = ParagraphStyle("label", parent=body, fontSize=7, leading=9, textColor=colors.HexColor("#555555"))
    value = ParagraphStyle("value", parent=body, fontSize=13, leading=16, fontName="Helvetica-Bold")
    delta = ParagraphStyle("delta", parent=body, fontSize=6.5, leading=8)
    cells = [[[Paragraph(h.label, label), Paragraph(h.value, value), Paragraph(h.change or "", delta)]
              for h in b.headlines]]
    tiles = Table(cells, colWidths=[width / len(b.headlines)] * len(b.headlines))
    tiles.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#BBBBBB")),
                               ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#DDDDDD")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [tiles, Spacer(1, 1 * mm)]
    if b.basis:
        story += [Paragraph(" ".join(b.basis), label), Spacer(1, 1 * mm)]
    story += [Paragraph("• " + s, body) for s in b.sentences]
    story.append(Spacer(1, 1.5 * mm))

    def picture(name: str, w: float):
        px_w, px_h = SIZES[name]
        return Image(io.BytesIO(images[name]), width=w, height=w * px_h / px_w)

    if "map" in images:
        story.append(picture("map", width))
    else:
        story.append(Paragraph(t("briefing.no_map", b.lang), body))
    half = (width - 3 * mm) / 2
    pair = [picture("trend", half), picture("change", half) if "change" in images else Paragraph("", body)]
    story.append(Table([pair], colWidths=[half + 1.5 * mm, half + 1.5 * mm],
                       style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    rows = _ranking_rows(b)
    if rows:
        story.append(Paragraph(t("briefing.ranking_title", b.lang, n=MIN_RANKED),
                               ParagraphStyle("h", parent=body, fontName="Helvetica-Bold", spaceBefore=1 * mm)))
        story.append(_ranking_table(b, rows, width, colors, TableStyle, Table))
    story.append(Spacer(1, 1.5 * mm))
    story += [Paragraph(line, small) for line in b.provenance.lines()]
    doc.build(story)
    return buffer.getvalue()


def _ranking_table(b: Briefing, rows: list[tuple[str, str, str]], width: float, colors, TableStyle, Table):
    """Best and worst side by side (two columns of region, share), or one ranked list."""
    best = [r for r in rows if r[0] != t("briefing.lowest", b.lang)]
    worst = [r for r in rows if r[0] == t("briefing.lowest", b.lang)]
    head = [t("briefing.highest", b.lang) if worst else t("column.region", b.lang), t("column.steady", b.lang)]
    if worst:
        head += [t("briefing.lowest", b.lang), t("column.steady", b.lang)]
    lines = [head]
    for i in range(max(len(best), len(worst))):
        line = list(best[i][1:]) if i < len(best) else ["", ""]
        if worst:
            line += list(worst[i][1:]) if i < len(worst) else ["", ""]
        lines.append(line)
    column = width / len(head)
    table = Table(lines, colWidths=[column * 1.5, column * 0.5] * (len(head) // 2), hAlign="LEFT")
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7.5), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.grey),
                               ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def to_pptx(b: Briefing) -> bytes:
    """Three slides: headline figures and key sentences; map and best/worst; trend."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    images = _images(b)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)      # 16:9
    blank = deck.slide_layouts[6]
    inch = 914400

    def text(slide, x, y, w, h, lines, size=14, bold=False):
        frame = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h)).text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.text = line
            p.font.size, p.font.bold = Pt(size), bold

    def footer(slide):
        text(slide, int(0.4 * inch), int(6.7 * inch), int(12.5 * inch), int(0.7 * inch), [b.provenance.text()], size=8)

    first = deck.slides.add_slide(blank)
    text(first, int(0.4 * inch), int(0.3 * inch), int(12.5 * inch), int(0.8 * inch), [b.title], 28, True)
    text(first, int(0.4 * inch), int(1.0 * inch), int(12.5 * inch), int(0.5 * inch),
         [b.subtitle + (" · " + t("briefing.synthetic_short", b.lang) if b.provenance.synthetic else "")], 14)
    step = 12.5 / len(b.headlines)
    for i, h in enumerate(b.headlines):
        text(first, int((0.4 + i * step) * inch), int(1.8 * inch), int(step * inch), int(1.4 * inch),
             [h.label, h.value, h.change or ""], 14)
    if b.basis:
        text(first, int(0.4 * inch), int(3.2 * inch), int(12.5 * inch), int(0.6 * inch), b.basis, 11)
    text(first, int(0.4 * inch), int(3.9 * inch), int(12.5 * inch), int(2.6 * inch), ["• " + s for s in b.sentences], 16)
    footer(first)

    second = deck.slides.add_slide(blank)
    text(second, int(0.4 * inch), int(0.3 * inch), int(12.5 * inch), int(0.6 * inch),
         [t("briefing.map_slide", b.lang)], 24, True)
    if "map" in images:
        second.shapes.add_picture(io.BytesIO(images["map"]), Emu(int(0.3 * inch)), Emu(int(1.0 * inch)),
                                  height=Emu(int(5.5 * inch)))
    rows = _ranking_rows(b)
    text(second, int(8.5 * inch), int(1.1 * inch), int(4.5 * inch), int(5.0 * inch),
         [f"{kind}: {name} ({value})" for kind, name, value in rows] or [t("briefing.no_ranking", b.lang)], 13)
    footer(second)

    third = deck.slides.add_slide(blank)
    text(third, int(0.4 * inch), int(0.3 * inch), int(12.5 * inch), int(0.6 * inch),
         [t("briefing.trend_slide", b.lang)], 24, True)
    third.shapes.add_picture(io.BytesIO(images["trend"]), Emu(int(2.8 * inch)), Emu(int(1.0 * inch)),
                             height=Emu(int(5.5 * inch)))
    footer(third)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
