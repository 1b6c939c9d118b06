"""dbt-duckdb plugin: registers the functions DuckDB lacks so the SQL models stay engine-neutral.

DuckDB has NFC but no NFKC; PostgreSQL has `normalize(x, NFKC)`. The `revops_nfkc` macro dispatches to
this UDF on DuckDB and to `normalize` elsewhere, so normalisation happens the same way in every engine.
"""

from __future__ import annotations

import unicodedata

from dbt.adapters.duckdb.plugins import BasePlugin


def nfkc(value: str | None) -> str | None:
    return None if value is None else unicodedata.normalize("NFKC", value)


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        conn.create_function("revops_nfkc", nfkc, ["VARCHAR"], "VARCHAR", null_handling="special")
