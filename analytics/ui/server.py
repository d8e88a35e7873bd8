"""`python -m analytics.ui.server [streamlit options]`: the dashboard's server, with the page code
imported before the first visitor arrives (Streamlit imports a page's modules on its first run,
which added about a second to the first page after a start)."""
from __future__ import annotations

import sys

from analytics.config import ROOT


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


def main() -> None:
    import duckdb  # noqa: F401 (imported for the first visitor)
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    import analytics.charts.figures  # noqa: F401
    import analytics.charts.impact  # noqa: F401
    import analytics.charts.maps  # noqa: F401
    import analytics.export.annotate  # noqa: F401
    import analytics.headline  # noqa: F401
    import analytics.urlstate  # noqa: F401
    from streamlit.web import cli

    warm()

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
