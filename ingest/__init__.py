"""revops-warehouse: land MA / SFA / CS exports in DuckDB and build one source of truth with dbt."""

__version__ = "0.1.0"
