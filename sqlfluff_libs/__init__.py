"""Stand-ins for dbt's `adapter`, `dbt` and project namespaces, for sqlfluff's jinja templater only.

`.sqlfluff` points `library_path` here so models lint without a database connection (the dbt templater
would need a built warehouse). A dispatched macro call renders as a plain SQL function call with the same
name and arguments (`{{ parse_date('close_date') }}` → `parse_date(close_date)`), which keeps every
model's CTEs, column list and aliases intact for the linter. The macros' own SQL is exercised by dbt itself
(tests/dbt/macros) on every build.
"""


def var(name, default=None):
    """dbt's var() for the linter: the project's own vars from dbt_project.yml, so macros that iterate
    over them (union_canonical) render the same SQL as under dbt."""
    from pathlib import Path

    import yaml

    project = yaml.safe_load((Path(__file__).resolve().parent.parent / "dbt_project.yml").read_text())
    return (project.get("vars") or {}).get(name, default)


class _Target:
    """dbt's `target` for the linter: the default output, DuckDB (models read target.type, e.g. the incremental
    switch's default, false on Spark)."""

    type = "duckdb"
    name = "duckdb"
    schema = "main"


target = _Target()
