{#-
    matches_pattern(expression, pattern): whether the text `expression` matches the regular expression `pattern` (a
    Python string, written as a SQL literal; anchor it with ^ and $ to match the whole text). PostgreSQL and DuckDB
    read `~`; Spark reads rlike (Java regular expressions, the same for the patterns this project uses).
-#}
{% macro matches_pattern(expression, pattern) -%}
    {{ return(adapter.dispatch('matches_pattern', 'revops_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro default__matches_pattern(expression, pattern) -%}
    {{ expression }} ~ '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern) -%}
    {{ expression }} rlike '{{ pattern | replace("'", "''") }}'
{%- endmacro %}
