"""`python -m analytics.ui.server [streamlit options]`: the dashboard's server, with the page code
imported before the first visitor arrives (Streamlit imports a page's modules on its first run,
which added about a second to the first page after a start)."""
from __future__ import annotations

import sys

from analytics.config import ROOT


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
