"""Render plotly figures in Chromium with plotly.js (the engine the page and kaleido use) and
measure every drawn text: inside the figure, and not on top of another text."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

import plotly
import plotly.graph_objects as go

PLOTLY_JS = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")

COLLECT = """(root) => {
  const box = root.getBoundingClientRect();
  const texts = [];
  for (const node of root.querySelectorAll('svg text')) {
    if (!node.textContent.trim() || getComputedStyle(node).visibility === 'hidden') continue;
    const r = node.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const group = node.closest('.legend') ? 'legend' : node.closest('.infolayer .g-gtitle') ? 'title'
      : node.closest('.g-xtitle') ? 'xtitle' : node.closest('.g-ytitle') ? 'ytitle'
      : node.closest('.xtick') ? 'xtick' : node.closest('.ytick') ? 'ytick'
      : node.closest('.annotation') ? 'annotation' : node.closest('.colorbar') ? 'colorbar'
      : node.closest('.bartext, .textpoint') ? 'bar' : node.closest('.sankey') ? 'sankey' : 'other';
    texts.push({text: node.textContent, group, x0: r.left - box.left, y0: r.top - box.top,
                x1: r.right - box.left, y1: r.bottom - box.top});
  }
  return texts;
}"""
MEASURE = """async ([figure, width, height]) => {
  const root = document.getElementById('chart');
  root.style.width = width + 'px'; root.style.height = height + 'px';
  Plotly.purge(root);
  await Plotly.newPlot(root, figure.data, {...figure.layout, width, height}, {staticPlot: true});
  return (""" + COLLECT + """)(root);
}"""
MEASURE_SVG = "() => (" + COLLECT + ")(document.querySelector('svg'))"


@dataclass(frozen=True)
class Text:
    text: str
    group: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: "Text", slack: float = 1.0) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > slack
                and min(self.y1, other.y1) - max(self.y0, other.y0) > slack)


class Renderer:
    """One Chromium page with plotly.js loaded once, drawing figures at given sizes."""

    def __init__(self, page) -> None:
        self.page = page
        page.set_content("<html><body style='margin:0'><div id='chart'></div></body></html>")
        page.add_script_tag(path=PLOTLY_JS)

    def texts(self, fig: go.Figure, width: int, height: int | None = None) -> list[Text]:
        figure = json.loads(fig.to_json())
        height = height or int(fig.layout.height or 450)
        return [Text(**t) for t in self.page.evaluate(MEASURE, [figure, width, height])]

    def svg_texts(self, svg: bytes, page) -> list[Text]:
        """The texts of an exported SVG (as kaleido drew it: maps included), measured in `page`."""
        page.set_content("<html><body style='margin:0'>" + svg.decode("utf-8") + "</body></html>")
        return [Text(**t) for t in page.evaluate(MEASURE_SVG)]


def problems(texts: list[Text], width: int, height: int) -> list[str]:
    """Texts outside the figure, and pairs of texts of different parts drawn over each other."""
    out = [f"outside: {t.group} {t.text!r} ({t.x0:.0f},{t.y0:.0f})-({t.x1:.0f},{t.y1:.0f})"
           for t in texts if t.x0 < -1 or t.y0 < -1 or t.x1 > width + 1 or t.y1 > height + 1]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            same_part = a.group == b.group and a.group not in ("annotation", "other")
            if not same_part and a.overlaps(b):
                out.append(f"overlap: {a.group} {a.text!r} / {b.group} {b.text!r}")
    return out
