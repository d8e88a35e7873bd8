"""Serving: one writer that turns every change into a new published version of the store, and
read-only dashboards that open only published versions (docs/serving.md)."""
