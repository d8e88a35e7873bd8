"""Exports: figures as PNG/SVG/PDF, data as CSV/XLSX, the regional briefing (PDF/PPTX)."""
