"""Streamlit's front end as our server serves it: Streamlit's own files, with additions to the
head of its index.html that shorten a new tab's first page and finish its translation
(docs/performance.md, "The first page after a server start"):

- On a link to a page (`/profil_wilayah?...`) the front end first looked for the server at
  `/profil_wilayah/_stcore/health`, got a 404, and tried the parent path after a back-off that
  a busy page stretched to 0.8 s. We name the parent (the site's base) as Streamlit's embedding
  setting `window.__streamlit.BACKEND_BASE_URL`, only when the last path segment is one of our
  pages, so a site behind a path prefix keeps working.
- Streamlit's top menu calls its overflow list "N more"; it reads "N lainnya" in Indonesian.
- The chart library (Streamlit's PlotlyChart chunk, 4.7 MB, ~1 s to evaluate on a 2-core host)
  was only requested when the first chart arrived. It is now fetched with the page
  (`modulepreload`) and evaluated as soon as the page has reached the server, while the server
  runs the script.

Served by pointing Streamlit's static folder (`streamlit.file_util.get_static_dir`, read once when
the server's routes are made) at a folder of links to Streamlit's files plus the changed
index.html. Anything unexpected (another Streamlit layout) leaves Streamlit's own files served.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

CHART_CHUNK = "PlotlyChart"

HEAD = """<script>
/* Pantau KUBE (analytics/ui/front_end.py): where the server is, for a link to one of our pages. */
(() => {
  const parts = location.pathname.split('/').filter(Boolean);
  if (parts.length && PAGES.includes(parts[parts.length - 1])) {
    window.__streamlit = Object.assign(window.__streamlit || {}, {
      BACKEND_BASE_URL: location.origin + '/' + parts.slice(0, -1).map((p) => p + '/').join('')});
  }
})();
/* Streamlit's top menu names its overflow "N more" in English; in Indonesian (the language the
   page's style names, analytics/ui/frame.py) it reads "N lainnya". Re-applied whenever the page changes. */
(() => {
  const english = () => getComputedStyle(document.documentElement).getPropertyValue('--kube-lang').includes('en');
  const relabel = () => {
    const nav = document.querySelector('[data-testid=stTopNav]');
    if (!nav) return;
    const walker = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const found = /^(\d+) (more|lainnya)$/.exec(node.nodeValue);
      const label = found && `${found[1]} ${english() ? 'more' : 'lainnya'}`;
      if (label && label !== node.nodeValue) node.nodeValue = label;
    }
  };
  new MutationObserver(relabel).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
</script>
<script type="module">
/* Pantau KUBE: evaluate the chart library once the page has reached the server (its host-config
   answer), i.e. while the server runs the script; at the latest 3 s after the page loaded. */
let started = false;
const start = () => { if (!started) { started = true; import(CHUNK); } };
new PerformanceObserver((list, observer) => {
  if (list.getEntries().some((e) => e.name.endsWith('_stcore/host-config'))) {
    observer.disconnect();
    setTimeout(start, 0);
  }
}).observe({type: 'resource', buffered: true});
addEventListener('load', () => setTimeout(start, 3000));
</script>
"""


def chunk(static: Path, name: str) -> str | None:
    """The hashed file name of one of Streamlit's front-end chunks (`PlotlyChart.D9Z0_fxz.js`)."""
    found = [p.name for p in (static / "static" / "js").glob(f"{name}.*.js")
             if re.fullmatch(re.escape(name) + r"\.[\w-]+\.js", p.name)]
    return found[0] if len(found) == 1 else None


def index_html(original: str, chart_chunk: str, pages: list[str]) -> str | None:
    """Streamlit's index.html with our head; None when it is not laid out as expected."""
    if original.count("</head>") != 1 or "./static/js/" not in original:
        return None
    url = f"./static/js/{chart_chunk}"
    head = HEAD.replace("PAGES", json.dumps(pages)).replace("CHUNK", json.dumps(url))
    preload = f'<link rel="modulepreload" crossorigin href="{url}">\n'
    return original.replace("</head>", head + preload + "</head>")


def build(static: Path, into: Path, pages: list[str]) -> Path | None:
    """A folder under `into` that serves as Streamlit's static folder: links to every entry of
    `static` but index.html, which is ours. Named after its content, so workers starting
    together share one; None (serve Streamlit's own) when the layout is not the expected one."""
    index = static / "index.html"
    chart_chunk = chunk(static, CHART_CHUNK)
    if not index.is_file() or chart_chunk is None:
        return None
    html = index_html(index.read_text(encoding="utf-8"), chart_chunk, pages)
    if html is None:
        return None
    digest = hashlib.sha256((str(static.resolve()) + html).encode()).hexdigest()[:16]
    target = into / digest
    if (target / "index.html").is_file():
        return target
    into.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=into))
    try:
        for entry in static.iterdir():
            if entry.name != "index.html":
                (work / entry.name).symlink_to(entry.resolve())
        (work / "index.html").write_text(html, encoding="utf-8")
        os.rename(work, target)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        if not (target / "index.html").is_file():     # not another worker's, built meanwhile
            raise
    return target


def install(into: Path, pages: list[str]) -> Path | None:
    """Serve our front-end folder from now on (call before the server starts); returns it, or
    None when Streamlit's own is kept."""
    from streamlit import file_util

    try:
        folder = build(Path(file_util.get_static_dir()), into, pages)
    except OSError as exc:               # e.g. a read-only data folder: Streamlit's own files still work
        print(f"note: front-end folder not made in {into}: {exc}", file=sys.stderr)
        return None
    if folder is not None:
        file_util.get_static_dir = lambda: str(folder)
    return folder
