{#-
    client_resolved: the materialization of the Python identity models on a target that cannot run Python models
    (PostgreSQL). The resolver runs in the revops client between two dbt invocations (revops build --target
    postgres: revops/pipeline/postgres_identity.py): it reads the models' inputs from the target, calls the same
    model() functions in an in-memory DuckDB and writes the table. dbt then only checks that the table is there,
    so that the data tests and every downstream model build on it. DuckDB runs the models as Python, as before.
-#}
{% materialization client_resolved, adapter='default', supported_languages=['python', 'sql'] %}
    {%- set built = adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) -%}
    {%- if built is none -%}
        {{ exceptions.raise_compiler_error(
            this ~ " is written by revops before this dbt step (identity resolution in the client): run "
            ~ "`revops build --target " ~ target.name ~ "`, not dbt alone") }}
    {%- endif -%}
    {%- call statement('main') -%}
        select count(*) from {{ built }}
    {%- endcall -%}
    {{ return({'relations': [built]}) }}
{% endmaterialization %}
