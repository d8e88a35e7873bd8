"""Metrics: the status ladder per member-month and its summaries (see docs/metrics.md)."""
