{#- dbt's datediff on PostgreSQL (dbt dispatches to the project first, dbt_project.yml): dbt-postgres's own, as a
    bigint, the type DuckDB gives, so that the marts' day, hour and minute counts have one type on both engines
    (dbt-postgres returns a double precision for hours and minutes, an integer for days). -#}
{% macro postgres__datediff(first_date, second_date, datepart) -%}
    cast(({{ dbt.postgres__datediff(first_date, second_date, datepart) }}) as bigint)
{%- endmacro %}
