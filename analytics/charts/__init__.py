"""Shared figure builders (plotly), one look for every page: palette, type, units."""
