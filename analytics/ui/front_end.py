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
  runs the script; on a page that shows a table, the table grid's chunk follows it.

The script is `front_end.js`, given the page paths and chunk names.

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

CHART_CHUNK, TABLE_CHUNK = "PlotlyChart", "DataFrame"

SCRIPT = Path(__file__).with_name("front_end.js")


def chunk(static: Path, name: str) -> str | None:
    """The hashed file name of one of Streamlit's front-end chunks (`PlotlyChart.D9Z0_fxz.js`)."""
    found = [p.name for p in (static / "static" / "js").glob(f"{name}.*.js")
             if re.fullmatch(re.escape(name) + r"\.[\w-]+\.js", p.name)]
    return found[0] if len(found) == 1 else None


def index_html(original: str, chunks: dict[str, str | None], pages: dict[str, bool]) -> str | None:
    """Streamlit's index.html with our head (`chunks`: kind -> file name; `pages`: url path ->
    whether the page shows a table); None when it is not laid out as expected."""
    if original.count("</head>") != 1 or "./static/js/" not in original:
        return None
    url = {kind: name and f"./static/js/{name}" for kind, name in chunks.items()}
    config = {"pages": list(pages), "tablePages": [p for p, table in pages.items() if table],
              "chart": url[CHART_CHUNK], "table": url[TABLE_CHUNK]}
    script = SCRIPT.read_text(encoding="utf-8").replace("KUBE_FRONT_END_CONFIG", json.dumps(config))
    preload = f'<link rel="modulepreload" crossorigin href="{url[CHART_CHUNK]}">\n'
    return original.replace("</head>", f"<script>\n{script}</script>\n{preload}</head>")


def build(static: Path, into: Path, pages: dict[str, bool]) -> Path | None:
    """A folder under `into` that serves as Streamlit's static folder: links to every entry of
    `static` but index.html, which is ours. Named after its content, so workers starting
    together share one; None (serve Streamlit's own) when the layout is not the expected one."""
    index = static / "index.html"
    chunks = {kind: chunk(static, kind) for kind in (CHART_CHUNK, TABLE_CHUNK)}   # no table chunk: not loaded early
    if not index.is_file() or chunks[CHART_CHUNK] is None:
        return None
    html = index_html(index.read_text(encoding="utf-8"), chunks, pages)
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


def install(into: Path, pages: dict[str, bool]) -> Path | None:
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
