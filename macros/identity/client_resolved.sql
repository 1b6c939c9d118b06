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

{#- Spark: the client writes the table as Parquet files (revops/pipeline/spark_identity.py, folder
    REVOPS_SPARK_DIR/client/<schema>/<table>); dbt registers that folder as the model's table (only the metastore
    entry is replaced, its files stay), then checks it as elsewhere. -#}
{% materialization client_resolved, adapter='spark', supported_languages=['python', 'sql'] %}
    {%- set folder = revops_warehouse.spark_folder() ~ '/client/'
        ~ this.schema ~ '/' ~ this.identifier -%}
    {%- call statement('register') -%}
        create database if not exists {{ this.schema }}
    {%- endcall -%}
    {%- call statement('drop') -%}
        drop table if exists {{ this }}
    {%- endcall -%}
    {%- call statement('create') -%}
        create table {{ this }} using parquet location '{{ folder }}'
    {%- endcall -%}
    {%- call statement('main') -%}
        select count(*) from {{ this }}
    {%- endcall -%}
    {{ adapter.cache_added(this.incorporate(type='table')) }}
    {{ return({'relations': [this.incorporate(type='table')]}) }}
{% endmaterialization %}
