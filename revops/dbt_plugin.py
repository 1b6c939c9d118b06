"""dbt-duckdb plugin: registers the functions DuckDB lacks so the SQL models stay engine-neutral.

DuckDB has NFC but no NFKC; PostgreSQL has `normalize(x, NFKC)`. The `revops_nfkc` macro dispatches to
this UDF on DuckDB and to `normalize` elsewhere, so normalisation happens the same way in every engine.

It also gives dbt's connection the storage format of revops's own (revops.warehouse.write_config): when a plain
`dbt build` creates the warehouse file, DuckDB 1.x readers can open it all the same.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from dbt.adapters.duckdb.plugins import BasePlugin

from revops.warehouse import write_config


def nfkc(values: pa.Array) -> pa.Array:
    """NFKC of a whole vector at once (Arrow's utf8proc, in C++), not a Python call per value."""
    return pc.utf8_normalize(values, form="NFKC")


class Plugin(BasePlugin):
    def update_connection_config(self, creds: Any, config: dict[str, Any]) -> None:
        """dbt's connection creates the file when a plain `dbt build` runs first: the same storage format as
        `revops ingest` (revops.warehouse.write_config), so whichever process creates it, DuckDB 1.x reads it."""
        for key, value in write_config().items():
            config.setdefault(key, value)

    def configure_connection(self, conn) -> None:
        conn.create_function("revops_nfkc", nfkc, ["VARCHAR"], "VARCHAR", type="arrow")
