{#-
    register_landing(): on Spark, the landed exports the revops client published as Parquet files
    (revops/pipeline/spark_landing.py, one folder per table under REVOPS_SPARK_DIR/landing) registered as tables
    when a dbt run starts (on-run-start), so that every source of the project reads them. Elsewhere nothing: the
    sources are tables ingest (DuckDB) or COPY (PostgreSQL) wrote.

    Each folder is a table of schema landing_files, registered again on every run (only the metastore entry is
    dropped: its files stay), so that a column a later export added is read (mergeSchema). The sources themselves
    are views keeping only the rows of batches whose audit.ingest_batches row was written, the last file of a
    batch: a reader sees a batch whole or not at all.
-#}
{% macro register_landing() -%}
    {{ return(adapter.dispatch('register_landing', 'revops_warehouse')()) }}
{%- endmacro %}

{% macro default__register_landing() -%}
    select 1 as nothing_to_register
{%- endmacro %}

{#- REVOPS_SPARK_DIR: revops gives it resolved; a relative one (dbt alone) is read from the project folder. -#}
{% macro spark_folder() -%}
    {%- set folder = env_var('REVOPS_SPARK_DIR', 'warehouse/spark') -%}
    {%- if not folder.startswith('/') -%}
        {%- set folder = env_var('PWD', '.') ~ '/' ~ folder -%}
    {%- endif -%}
    {{ return(folder) }}
{%- endmacro %}

{% macro spark__register_landing() -%}
    {%- if execute -%}
        {%- set batches = 'landing_files.audit__ingest_batches' -%}
        {%- do run_query('create database if not exists landing_files') -%}
        {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- set files = 'landing_files.' ~ node.schema ~ '__' ~ node.identifier -%}
            {%- do run_query('create database if not exists ' ~ node.schema) -%}
            {%- do run_query('drop table if exists ' ~ files) -%}
            {%- do run_query(
                "create table " ~ files ~ " using parquet options (mergeSchema 'true') location '"
                ~ revops_warehouse.spark_folder() ~ "/landing/" ~ node.schema ~ "/" ~ node.identifier ~ "'") -%}
        {%- endfor -%}
        {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- set files = 'landing_files.' ~ node.schema ~ '__' ~ node.identifier -%}
            {%- set column = 'batch_id' if node.identifier == 'ingest_batches' else '_batch_id' -%}
            {%- do run_query(
                'create or replace view ' ~ node.schema ~ '.' ~ node.identifier ~ ' as select * from ' ~ files
                ~ ' where ' ~ column ~ ' in (select batches.batch_id from ' ~ batches ~ ' as batches)') -%}
        {%- endfor -%}
    {%- endif -%}
    select 1 as landing_registered
{%- endmacro %}
