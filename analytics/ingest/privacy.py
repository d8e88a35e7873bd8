"""No clear NIK anywhere: every value the importer echoes (messages, rejection reports, previews,
the console, `import_rejections`) passes through here. A NIK is 16 digits; runs of 15 or more
digits (a NIK with a typo, a family-card number) are masked too, whatever column they were in."""
from __future__ import annotations

import re

import pandas as pd

# 15+ digits, possibly written with spaces, dots or dashes between them ('7201 0141 0790 0003').
_LONG_RUN = re.compile(r"(?<!\d)\d(?:[ .\-\u00a0]?\d){14,}(?!\d)")
# The same run without look-arounds (and with a literal no-break space), so Arrow's RE2 can find
# the few values that need masking in a column of a million.
_RISKY = "\\d(?:[ .\\-\u00a0]?\\d){14}"
_MASKED = re.compile(r"^\d{4}\*{8}\d{4}$")


def mask(nik: str) -> str:
    """'7201234567890003' -> '7201********0003' (region and serial only)."""
    return nik[:4] + "*" * 8 + nik[-4:]


def _mask_run(match: re.Match) -> str:
    return mask(re.sub(r"\D", "", match.group(0)))


def scrub(text: object) -> str:
    """`text` with every long digit run masked; other characters unchanged."""
    return _LONG_RUN.sub(_mask_run, str(text))


def redact(text: object) -> str:
    """A value from a NIK column: masked if it holds 12 or more digits, else '****'."""
    value = str(text)
    if _MASKED.match(value):
        return value
    digits = re.sub(r"\D", "", value)
    return mask(digits) if len(digits) >= 12 else "****"


def scrub_series(values: pd.Series) -> pd.Series:
    """A column of echoed values, masked (vectorised; most values have no long digit run)."""
    text = values.astype(str)
    risky = text.str.contains(_RISKY, regex=True, na=False)
    if risky.any():
        text = text.where(~risky, text[risky].map(scrub))
    return text


def scrub_frame(frame: pd.DataFrame, nik_columns: set[str] = frozenset()) -> pd.DataFrame:
    """A copy of `frame` safe to show: NIK columns redacted, long digit runs masked elsewhere."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            if not (pd.to_numeric(out[column], errors="coerce").abs() >= 1e14).any():
                continue                      # no number long enough to be a NIK
        elif out[column].dtype != object and not pd.api.types.is_string_dtype(out[column]):
            continue
        if column in nik_columns:
            out[column] = out[column].map(lambda v: redact(v) if str(v).strip() else "")
        else:
            out[column] = scrub_series(out[column])
    out.columns = [scrub(c) for c in out.columns]
    return out
