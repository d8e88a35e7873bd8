"""The SQL models: each a pure SELECT in `analytics/sql/models/<name>.sql` whose header declares
the mart it fills, the mart's grain and the predicate that deletes what a refresh rebuilds.

Header lines (SQL comments before the query):

    -- mart: mart_member_month
    -- grain: params_key, member_id, month
    -- refresh: params_key = $params_key AND member_id IN (SELECT member_id FROM refresh_scope)
    -- chunks: member        (optional: run over slices of refresh_scope, as refresh_chunk)
    -- chunks: month         (optional: run over slices of months, $month_lo to $month_hi)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analytics.config import SQL_DIR
from analytics.store import load_sql, quote_ident

# Refresh order: each model reads only base tables and the marts of models before it.
MODEL_ORDER = ("member_month", "member_baseline", "kube_month", "region_month", "distribution_year",
               "facilitator_month", "chain_month")
_HEADER = re.compile(r"^--\s*(mart|grain|refresh|chunks):\s*(.+?)\s*$", re.MULTILINE)


class ModelError(ValueError):
    """A model file whose header is missing a declaration or is not a pure SELECT."""


@dataclass(frozen=True)
class Model:
    name: str
    mart: str
    grain: tuple[str, ...]
    refresh_predicate: str
    chunked: bool
    month_chunked: bool = False

    def select(self) -> str:
        """The model's query (fragments included)."""
        return load_sql(f"models/{self.name}")

    def delete_sql(self) -> str:
        return f"DELETE FROM {quote_ident(self.mart)} WHERE {self.refresh_predicate}"

    def insert_sql(self) -> str:
        """Insert by name: every column the SELECT names goes to the mart column of that name."""
        return f"INSERT INTO {quote_ident(self.mart)} BY NAME (\n{self.select()}\n)"


@lru_cache(maxsize=None)
def model(name: str) -> Model:
    """The declared model `name`, from its file's header."""
    text = (SQL_DIR / "models" / f"{name}.sql").read_text(encoding="utf-8")
    header = dict(_HEADER.findall(text))
    missing = {"mart", "grain", "refresh"} - header.keys()
    if missing:
        raise ModelError(f"models/{name}.sql declares no {', '.join(sorted(missing))}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--")).lstrip().upper()
    if not body.startswith(("SELECT", "WITH")):
        raise ModelError(f"models/{name}.sql must be a pure SELECT (the refresh inserts it by name)")
    return Model(name, header["mart"], tuple(c.strip() for c in header["grain"].split(",")),
                 header["refresh"], header.get("chunks") == "member", header.get("chunks") == "month")


def models() -> list[Model]:
    """Every model, in refresh order."""
    return [model(name) for name in MODEL_ORDER]
