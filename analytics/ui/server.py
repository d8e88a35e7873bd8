"""`python -m analytics.ui.server [streamlit options]`: the dashboard's server, ready before the
first visitor arrives: the page code imported and its first uses done (Streamlit imports a page's
modules on its first run, which added about a second to the first page after a start), and
Streamlit's front end served with the chart library loaded early (`front_end`)."""
from __future__ import annotations

import ast
import importlib
import logging
import sys
from pathlib import Path

from analytics.config import DATA_DIR, ROOT

SCRIPTS = (ROOT / "dashboard.py", *sorted((ROOT / "pages").glob("*.py")))


def imported_modules(script: Path) -> set[str]:
    """The modules a script imports (`from a import b` names `a.b` when b is a submodule)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def preimport(scripts: tuple[Path, ...] = SCRIPTS) -> list[str]:
    """Import what the router and the pages import, so no visitor's run pays for it (openpyxl
    alone, imported by the export buttons, took 0.17 s of the first run); returns the modules."""
    cache_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = cache_log.level
    cache_log.setLevel(logging.ERROR)    # "No runtime found" per cached function: caches bind on first call
    done = []
    try:
        for name in sorted(set().union(*(imported_modules(s) for s in scripts))):
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:     # a missing dependency, not `from a import b` naming a function
                    raise
                continue
            done.append(name)
    finally:
        cache_log.setLevel(level)
    return done


def warm() -> None:
    """First uses that load data once per process, done before the first visitor instead of in
    their page run (together ~0.45 s of a 0.9 s first run; docs/performance.md): Streamlit's emoji
    table (a large regular expression, compiled when page_config checks the icon), babel's locale
    data (the month names of the period slider), the message catalogue and plotly's validators
    for the trace types and layout the pages draw."""
    from datetime import date

    import plotly.graph_objects as go
    import streamlit.emojis  # noqa: F401

    from analytics import formatting
    from analytics.i18n import t

    for lang in formatting.LOCALES:
        formatting.month(date(2026, 1, 1), lang)
        formatting.month(date(2026, 1, 1), lang, short=True)
        formatting.rupiah(1_500_000, lang)
        t("app.title", lang)
    figure = go.Figure([go.Scatter(x=[1], y=[1], mode="lines+markers", hovertemplate="%{y}"),
                        go.Bar(x=[1], y=[1], text=["1"], orientation="h"), go.Histogram(x=[1]),
                        go.Sankey(node={"label": ["a"]}, link={"source": [0], "target": [0], "value": [1]})])
    figure.update_layout(title={"text": "a", "subtitle": {"text": "b"}}, legend={"orientation": "h"},
                         xaxis={"title": {"text": "a"}, "tickformat": "%b"}, yaxis={"ticksuffix": "%"},
                         annotations=[{"text": "a", "showarrow": False}], margin={"l": 0})
    figure.to_json()
    warm_figures()
    import streamlit.delta_generator as delta_generator
    # Streamlit's once-per-process check for "run with streamlit run" walks the whole stack with
    # its source lines (inspect.stack, 45 ms of the first run); we are always run that way.
    delta_generator._use_warning_has_been_displayed = True
    from streamlit.runtime.pages_manager import PagesManager
    # The app always names its pages with st.navigation. Until a run has called it, Streamlit takes
    # the pages/ folder beside dashboard.py for its older multipage mode and runs a linked page's
    # file alone; cache.page_view then starts the run again through the frame (a wasted first run).
    PagesManager.uses_pages_directory = False


def warm_figures() -> None:
    """The first screens' charts built once from two made-up rows: plotly creates the validators
    of each property path on first use (0.2 s of the first Ringkasan run, profiled); the language
    changes only the text, so one is enough."""
    import pandas as pd

    from analytics.charts import figures

    months = pd.to_datetime(["2026-01-01", "2026-02-01"])
    shares = {c: [0.2, 0.2] for c in ("share_steady", "share_independent", "share_vulnerable", "share_poor",
                                      "share_insufficient")}
    built = [figures.status_trend(pd.DataFrame({"month": months, **shares}), "id", "a", "b"),
             figures.ranking(pd.DataFrame({"region_code": ["11", "12"], "name": ["Aceh", "Bali"], **shares}),
                             "share_steady", "id", "a", "b", "c", highlight="11"),
             figures.distribution(pd.DataFrame({"bin_start": [0.9, 1.0], "reports": [1, 2]}), "id", "a", "b"),
             figures.cohort_curves(pd.DataFrame({"cohort": [2024, 2024], "event_time": [0, 1],
                                                 "mean_pl_ratio": [0.9, 1.1]}), "id", "a", "b")]
    for fig in built:
        fig.to_json()


def page_paths() -> dict[str, bool]:
    """Each page's url path, and whether the page shows a table (its source calls st.dataframe)."""
    from analytics.ui import frame

    return {path: "st.dataframe(" in (ROOT / file).read_text(encoding="utf-8") for path, file, _ in frame.PAGES}


def main() -> None:
    from streamlit.web import cli

    preimport()
    warm()
    from analytics.ui import front_end
    if front_end.install(DATA_DIR / "cache" / "front_end", page_paths()) is None:
        print("note: Streamlit's front end is served unchanged (its layout is not the expected one)", file=sys.stderr)

    from analytics.serving.commands import upgrade_if_needed
    from analytics.store import StoreError
    try:
        note = upgrade_if_needed(None)     # an older database is brought up to date (a writer job)
    except StoreError as exc:
        print(f"note: {exc}", file=sys.stderr)
    else:
        if note:
            print(f"database schema {note}; figures refreshed")
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
