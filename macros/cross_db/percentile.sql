{#-
    percentile_cont(expression, fraction): the continuous percentile of a group (0.5 = the median, interpolated
    between the two middle values; nulls ignored). An aggregate: use it with group by. The SQL-standard ordered-set
    aggregate (DuckDB, PostgreSQL, Snowflake); Spark's percentile().
-#}

{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'revops_warehouse')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
