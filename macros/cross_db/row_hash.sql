{#- row_hash(expressions): a hash of one row's values of `expressions`; it changes when any of them changes
    (null and '' differ). Incremental models store it to find the rows whose inputs changed. -#}
{% macro row_hash(expressions) -%}
    {{ return(adapter.dispatch('row_hash', 'revops_warehouse')(expressions)) }}
{%- endmacro %}

{#- DuckDB: its 64-bit hash of the values themselves, no text built. -#}
{% macro duckdb__row_hash(expressions) -%}
    hash({{ expressions | join(', ') }})
{%- endmacro %}

{#- Other warehouses: md5 of the values' length-prefixed texts, so no two rows collide by concatenation. -#}
{% macro default__row_hash(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- set text = dbt.cast(expression, dbt.type_string()) -%}
        {%- set length = dbt.cast(dbt.length(text), dbt.type_string()) -%}
        {%- do parts.append("coalesce(" ~ length ~ " || ':' || " ~ text ~ ", '-')") -%}
    {%- endfor -%}
    {{ dbt.hash(parts | join(" || '|' || ")) }}
{%- endmacro %}
