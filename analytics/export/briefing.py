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

from analytics.charts import figures
from analytics.disclosure import K, suppress_regions
from analytics.export.annotate import Provenance
from analytics.export.images import image_bytes
from analytics.formatting import change, month as fmt_month, number, percent
from analytics.i18n import chooser
from analytics.labels import policy_caption
from analytics.metrics import queries
from analytics.metrics.policy import DEFAULT_POLICY, Policy
from analytics.store import is_synthetic

MIN_RANKED = 30      # regions ranked best/worst need at least this many active members (as on Ringkasan)


class BriefingError(ValueError):
    """No briefing can be made (unknown region, no data for the month)."""


@dataclass
class Headline:
    key: str
    label: str
    value: str
    change: str | None          # against 12 months earlier


@dataclass
class Briefing:
    region: str
    place: str
    month: date
    lang: str
    headlines: list[Headline]
    sentences: list[str]
    trend: pd.DataFrame
    ranked: pd.DataFrame        # best first; columns region_code, name, share_steady, active_members
    map_values: pd.DataFrame
    provenance: Provenance
    figures: dict[str, go.Figure] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return chooser(self.lang)(f"Ringkasan KUBE: {self.place}", f"KUBE briefing: {self.place}")

    @property
    def subtitle(self) -> str:
        return chooser(self.lang)(f"Keadaan {fmt_month(self.month, self.lang)} dan perubahan 12 bulan",
                                  f"Situation in {fmt_month(self.month, self.lang)} and 12-month change")


def _place(con: duckdb.DuckDBPyConnection, region: str) -> str:
    if region == "00":
        return "Indonesia"
    table, column = ("provinces", "province_code") if len(region) == 2 else ("regencies", "regency_code")
    rows = con.execute(f"SELECT name FROM {table} WHERE {column} = ?", [region]).fetchall()
    if not rows:
        raise BriefingError(f"unknown region code {region!r} (use a Kemendagri code such as 72 or 72.01)")
    return rows[0][0]


def build(con: duckdb.DuckDBPyConnection, region: str = "00", lang: str = "id", month: date | None = None,
          policy: Policy = DEFAULT_POLICY) -> Briefing:
    say = chooser(lang)
    place = _place(con, region)
    month = month or queries.default_month(con, policy)
    trend = suppress_regions(queries.region_trend(con, region, policy))
    if month is None or trend.empty:
        raise BriefingError(say(f"tidak ada data untuk {place}", f"no data for {place}"))
    trend["month"] = pd.to_datetime(trend["month"])
    indexed = trend.set_index("month")
    now_ts, before_ts = pd.Timestamp(month), pd.Timestamp(month) - pd.DateOffset(months=12)
    if now_ts not in indexed.index:
        raise BriefingError(say(f"tidak ada data untuk {place} pada {fmt_month(month, lang)}",
                                f"no data for {place} in {fmt_month(month, lang)}"))
    now = indexed.loc[now_ts]
    before = indexed.loc[before_ts] if before_ts in indexed.index else None

    # Children on the map and in the ranking: provinces of the nation, regencies of a province
    # (a regency is shown among its province's regencies).
    parent = None if region == "00" else region[:2]
    level = "provinsi" if region == "00" else "kabupaten"
    children = suppress_regions(queries.region_metrics(con, level, month=month, parent=parent, policy=policy))
    ranked = (children[children["active_members"] >= MIN_RANKED].dropna(subset=["share_steady"])
              .sort_values("share_steady", ascending=False).reset_index(drop=True))

    headlines = _headlines(now, before, lang)
    sentences = _sentences(now, before, ranked, place, lang)
    provenance = Provenance(lang=lang, data_month=month, thresholds=policy_caption(policy, lang),
                            synthetic=is_synthetic(con))
    return Briefing(region, place, month, lang, headlines, sentences, trend, ranked,
                    children, provenance)


def _change_points(now: pd.Series, before: pd.Series | None, column: str, lang: str) -> str | None:
    return change(now[column], None if before is None else before[column], lang, points=True)


def _change_count(now: pd.Series, before: pd.Series | None, column: str, lang: str) -> str | None:
    return change(now[column], None if before is None else before[column], lang)


def _headlines(now: pd.Series, before: pd.Series | None, lang: str) -> list[Headline]:
    say = chooser(lang)
    hidden = bool(now.get("suppressed", False))
    count = (lambda c: f"< {K}") if hidden else (lambda c: number(now[c], lang))
    share = (lambda c: "–") if hidden else (lambda c: percent(now[c], lang))
    return [
        Headline("active_members", say("Rumah tangga aktif", "Active households"), count("active_members"),
                 _change_count(now, before, "active_members", lang)),
        Headline("share_steady", say("Berpendapatan stabil", "With a steady income"), share("share_steady"),
                 _change_points(now, before, "share_steady", lang)),
        Headline("share_independent", say("Mandiri", "Independent"), share("share_independent"),
                 _change_points(now, before, "share_independent", lang)),
        Headline("exits_12m", say("Keluar miskin, 12 bulan", "Left poverty, 12 months"), count("exits_12m"),
                 _change_count(now, before, "exits_12m", lang)),
        Headline("share_poor", say("Miskin", "Poor"), share("share_poor"), _change_points(now, before, "share_poor", lang)),
    ]


def _sentences(now: pd.Series, before: pd.Series | None, ranked: pd.DataFrame, place: str, lang: str) -> list[str]:
    say = chooser(lang)
    out = []
    if bool(now.get("suppressed", False)):
        return [say(f"{place} memiliki kurang dari {K} anggota aktif: angka tidak ditampilkan.",
                    f"{place} has fewer than {K} active members: figures are not shown.")]
    pct = lambda v: percent(v, lang, 0)  # noqa: E731
    if before is not None and pd.notna(before["share_steady"]):
        up = now["share_steady"] >= before["share_steady"]
        out.append(say(
            f"Pangsa anggota berpendapatan stabil {'naik' if up else 'turun'} dari {pct(before['share_steady'])} "
            f"menjadi {pct(now['share_steady'])} dalam 12 bulan terakhir.",
            f"The share of members with a steady income {'rose' if up else 'fell'} from {pct(before['share_steady'])} "
            f"to {pct(now['share_steady'])} over the last 12 months."))
    else:
        out.append(say(f"Pangsa anggota berpendapatan stabil saat ini {pct(now['share_steady'])}.",
                       f"The share of members with a steady income is {pct(now['share_steady'])}."))
    if pd.notna(now["exits_12m"]):
        rate = f" ({pct(now['exit_rate_12m'])} {say('dari yang miskin 12 bulan lalu', 'of those poor 12 months ago')})" \
            if pd.notna(now["exit_rate_12m"]) else ""
        out.append(say(f"{number(now['exits_12m'], lang)} anggota keluar dari kemiskinan dalam 12 bulan terakhir{rate}.",
                       f"{number(now['exits_12m'], lang)} members left poverty over the last 12 months{rate}."))
    if len(ranked) >= 2:
        best, worst = ranked.iloc[0], ranked.iloc[-1]
        out.append(say(f"Pangsa stabil tertinggi di {best['name']} ({pct(best['share_steady'])}), terendah di "
                       f"{worst['name']} ({pct(worst['share_steady'])}).",
                       f"The steady share is highest in {best['name']} ({pct(best['share_steady'])}) and lowest in "
                       f"{worst['name']} ({pct(worst['share_steady'])})."))
    else:
        out.append(say(f"Pangsa anggota mandiri {pct(now['share_independent'])}; miskin {pct(now['share_poor'])}.",
                       f"Independent members {pct(now['share_independent'])}; poor {pct(now['share_poor'])}."))
    return out[:3]


def make_figures(b: Briefing) -> dict[str, go.Figure]:
    """The map (when boundaries are built) and the trend, styled as on the dashboard."""
    say = chooser(b.lang)
    period = fmt_month(b.month, b.lang)
    out = {"trend": figures.status_trend(b.trend, b.lang, say("Status pendapatan anggota aktif",
                                                              "Income status of active members"),
                                         f"{b.place}, {say('per bulan', 'monthly')}")}
    try:
        from analytics.charts.maps import choropleth
        from analytics.geo.layers import layer, regencies_of
        geojson = layer("provinsi") if b.region == "00" else regencies_of(b.region[:2])
        level = "provinsi" if b.region == "00" else "kabupaten"
        out["map"] = choropleth(geojson, b.map_values, level, "share_steady", b.lang,
                                say("Anggota berpendapatan stabil", "Members with a steady income"), period, height=720)
    except Exception:       # boundaries not built: the briefing says so instead of a map
        pass
    b.figures = out
    return out


def _images(b: Briefing) -> dict[str, bytes]:
    figs = b.figures or make_figures(b)
    sizes = {"map": (1000, 720), "trend": (1000, 720)}
    return {name: image_bytes(fig, "png", *sizes[name]) for name, fig in figs.items()}


def _ranking_rows(b: Briefing, n: int = 3) -> list[tuple[str, str, str]]:
    say = chooser(b.lang)
    if len(b.ranked) < 2:
        return []
    best = b.ranked.head(n)
    worst = b.ranked.tail(n).iloc[::-1]
    worst = worst[~worst["region_code"].isin(best["region_code"])]
    rows = [(say("Tertinggi", "Highest"), r["name"], percent(r["share_steady"], b.lang)) for _, r in best.iterrows()]
    rows += [(say("Terendah", "Lowest"), r["name"], percent(r["share_steady"], b.lang)) for _, r in worst.iterrows()]
    return rows


def to_pdf(b: Briefing) -> bytes:
    """One A4 page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    say = chooser(b.lang)
    images = _images(b)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=b.title, author="Pantau KUBE")
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=7, leading=8.5, textColor=colors.HexColor("#555555"))
    body = ParagraphStyle("body", parent=styles["Normal"], fontSize=9, leading=11.5)
    width = A4[0] - 24 * mm
    story = [Paragraph(b.title, styles["Title"]), Paragraph(b.subtitle, styles["Normal"])]
    if b.provenance.synthetic:
        story.append(Paragraph(say("<b>DATA SINTETIS</b>: bukan laporan nyata.", "<b>SYNTHETIC DATA</b>: not real reports."),
                               ParagraphStyle("warn", parent=body, textColor=colors.HexColor("#B35900"))))
    story.append(Spacer(1, 3 * mm))
    cells = [[Paragraph(f"<font size=7 color='#555555'>{h.label}</font><br/><font size=14><b>{h.value}</b></font>"
                        f"<br/><font size=7>{h.change or ''} {say('vs 12 bln lalu', 'vs 12 mo ago') if h.change else ''}</font>",
                        body) for h in b.headlines]]
    table = Table(cells, colWidths=[width / len(b.headlines)] * len(b.headlines))
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.4, colors.HexColor("#BBBBBB")),
                               ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#DDDDDD")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 2 * mm)]
    story += [Paragraph("• " + s, body) for s in b.sentences]
    story.append(Spacer(1, 2 * mm))
    half = (width - 4 * mm) / 2
    visuals = []
    if "map" in images:
        visuals.append(Image(io.BytesIO(images["map"]), width=half, height=half * 0.72))
    else:
        visuals.append(Paragraph(say("Peta tidak tersedia: batas wilayah belum dibangun.",
                                     "Map unavailable: boundaries not built."), body))
    visuals.append(Image(io.BytesIO(images["trend"]), width=half, height=half * 0.72))
    story.append(Table([visuals], colWidths=[half + 2 * mm, half + 2 * mm]))
    rows = _ranking_rows(b)
    if rows:
        story.append(Paragraph(say(f"Pangsa berpendapatan stabil menurut wilayah (≥ {MIN_RANKED} anggota aktif)",
                                   f"Steady-income share by region (≥ {MIN_RANKED} active members)"), styles["Heading4"]))
        ranking = Table([[say("", ""), say("Wilayah", "Region"), say("Stabil", "Steady")], *rows],
                        colWidths=[25 * mm, 90 * mm, 25 * mm], hAlign="LEFT")
        ranking.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                                     ("LINEBELOW", (0, 0), (-1, 0), 0.4, colors.grey), ("ALIGN", (2, 0), (2, -1), "RIGHT")]))
        story.append(ranking)
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(line, small) for line in b.provenance.lines()]
    doc.build(story)
    return buffer.getvalue()


def to_pptx(b: Briefing) -> bytes:
    """Three slides: headline figures and key sentences; map and best/worst; trend."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    say = chooser(b.lang)
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
         [b.subtitle + (say(" · DATA SINTETIS", " · SYNTHETIC DATA") if b.provenance.synthetic else "")], 14)
    step = 12.5 / len(b.headlines)
    for i, h in enumerate(b.headlines):
        text(first, int((0.4 + i * step) * inch), int(1.8 * inch), int(step * inch), int(1.4 * inch),
             [h.label, h.value, (h.change or "") + (say(" vs 12 bln lalu", " vs 12 mo ago") if h.change else "")], 14)
    text(first, int(0.4 * inch), int(3.6 * inch), int(12.5 * inch), int(2.8 * inch), ["• " + s for s in b.sentences], 16)
    footer(first)

    second = deck.slides.add_slide(blank)
    text(second, int(0.4 * inch), int(0.3 * inch), int(12.5 * inch), int(0.6 * inch),
         [say("Peta dan peringkat wilayah", "Map and regional ranking")], 24, True)
    if "map" in images:
        second.shapes.add_picture(io.BytesIO(images["map"]), Emu(int(0.3 * inch)), Emu(int(1.0 * inch)),
                                  height=Emu(int(5.5 * inch)))
    rows = _ranking_rows(b)
    text(second, int(8.5 * inch), int(1.1 * inch), int(4.5 * inch), int(5.0 * inch),
         [f"{kind}: {name} ({value})" for kind, name, value in rows] or [say("Peringkat tidak tersedia.", "No ranking.")], 13)
    footer(second)

    third = deck.slides.add_slide(blank)
    text(third, int(0.4 * inch), int(0.3 * inch), int(12.5 * inch), int(0.6 * inch),
         [say("Tren status pendapatan", "Income status trend")], 24, True)
    third.shapes.add_picture(io.BytesIO(images["trend"]), Emu(int(2.8 * inch)), Emu(int(1.0 * inch)),
                             height=Emu(int(5.5 * inch)))
    footer(third)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
