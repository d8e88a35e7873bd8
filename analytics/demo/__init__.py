"""Synthetic, realistic demo data (labelled synthetic wherever it is shown)."""
