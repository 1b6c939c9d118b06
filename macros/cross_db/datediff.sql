{#- dbt's datediff on PostgreSQL (dbt dispatches to the project first, dbt_project.yml): dbt-postgres's own, as a
    bigint, the type DuckDB gives, so that the marts' day, hour and minute counts have one type on both engines
    (dbt-postgres returns a double precision for hours and minutes, an integer for days). -#}
{% macro postgres__datediff(first_date, second_date, datepart) -%}
    cast(({{ dbt.postgres__datediff(first_date, second_date, datepart) }}) as bigint)
{%- endmacro %}

{#- dbt's datediff on Spark: the number of `datepart` boundaries crossed from the first to the second value, as
    DuckDB counts them (dbt-spark's own rounds the elapsed time up for hours and minutes: 28 seconds made 1 minute
    where DuckDB says 0 when no minute starts in between), as a bigint. -#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- set seconds = {'hour': 3600, 'minute': 60, 'second': 1} -%}
    {%- if datepart in seconds -%}
        (cast(floor(unix_seconds(cast({{ second_date }} as timestamp)) / {{ seconds[datepart] }}) as bigint)
            - cast(floor(unix_seconds(cast({{ first_date }} as timestamp)) / {{ seconds[datepart] }}) as bigint))
    {%- elif datepart == 'day' -%}
        cast(datediff(cast({{ second_date }} as date), cast({{ first_date }} as date)) as bigint)
    {%- elif datepart == 'month' -%}
        cast((year({{ second_date }}) * 12 + month({{ second_date }}))
            - (year({{ first_date }}) * 12 + month({{ first_date }})) as bigint)
    {%- elif datepart == 'year' -%}
        cast(year({{ second_date }}) - year({{ first_date }}) as bigint)
    {%- else -%}
        cast(({{ dbt.spark__datediff(first_date, second_date, datepart) }}) as bigint)
    {%- endif -%}
{%- endmacro %}
