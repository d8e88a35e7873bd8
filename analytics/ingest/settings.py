"""Import limits and plausibility parameters, in one place, named in every message that uses them."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


def _rows(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class ImportSettings:
    """What one import may cost the server, and what an amount must be to be believed.

    The page's upload limit (`.streamlit/config.toml` `server.maxUploadSize`, in MB) equals
    `max_file_mb`: a test keeps them equal.
    """

    max_file_mb: int = 200                   # any file, as uploaded
    max_rows: int = 2_000_000                # data rows after the header
    xlsx_max_uncompressed_mb: int = 250      # an XLSX/ODS's content once unzipped
    xlsx_max_ratio: int = 40                 # unzipped size / file size; real workbooks stay near 5-15
    income_floor_rupiah: int = 10_000        # a monthly household income in (0, floor) is a unit slip

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MB

    def describe(self) -> str:
        """The limits as one sentence for the page, Bahasa Indonesia / English."""
        return (f"Batas: {self.max_file_mb} MB per file, {_rows(self.max_rows)} baris data; XLSX paling banyak "
                f"{self.xlsx_max_uncompressed_mb} MB setelah dibuka / Limits: {self.max_file_mb} MB per file, "
                f"{self.max_rows:,} data rows; an XLSX at most {self.xlsx_max_uncompressed_mb} MB unzipped")


DEFAULT_SETTINGS = ImportSettings()
