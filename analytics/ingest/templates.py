"""Import templates: the headers and one example row; in XLSX every NIK and code column is
formatted as Text (a NIK typed into a number cell loses its last digit), with a sheet describing
each column. Dates in the examples are ISO (2021-07-15): they read the same in every locale."""
from __future__ import annotations

import pandas as pd

from analytics.ingest.kinds import KINDS

TEXT_KINDS = ("nik", "region", "province", "text", "choice")
TEXT_NAMES = ("kode_kube", "pendamping", "rantai_nilai", "offtaker")


def template_bytes(kind_name: str, fmt: str = "csv") -> bytes:
    """A template: the headers and one example row (and, in XLSX, a sheet describing each column)."""
    from analytics.export.tables import csv_bytes, xlsx_bytes

    kind = KINDS[kind_name]
    example = pd.DataFrame([[c.example for c in kind.columns]], columns=[c.name for c in kind.columns])
    if fmt == "csv":
        return csv_bytes(example)
    notes = [(c.name, f"{'wajib' if c.required else 'pilihan'} / {'required' if c.required else 'optional'}: "
                      f"{c.doc_id} / {c.doc_en}. Juga diterima / also accepted: {', '.join(c.aliases) or '-'}")
             for c in kind.columns]
    text_columns = tuple(c.name for c in kind.columns if c.kind in TEXT_KINDS or c.name in TEXT_NAMES)
    return xlsx_bytes(example, notes, sheet=kind.name, text_columns=text_columns)
