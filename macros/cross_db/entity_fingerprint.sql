{#- entity_fingerprint(expressions): an aggregate that fingerprints the rows of a group (an entity's source
    records): it changes when any row's value of any expression changes, or a row joins or leaves the group,
    whatever the rows' order. Incremental marts compare it with the value they stored to find the entities
    to recompute. -#}
{% macro entity_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('entity_fingerprint', 'revops_warehouse')(expressions)) }}
{%- endmacro %}

{#- DuckDB: xor of the rows' 64-bit hashes (rows are unique, so none cancel out). -#}
{% macro duckdb__entity_fingerprint(expressions) -%}
    bit_xor(hash({{ expressions | join(', ') }}))
{%- endmacro %}

{#- Other warehouses: md5 of the sorted md5s of the rows' length-prefixed texts. -#}
{% macro default__entity_fingerprint(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- set text = dbt.cast(expression, dbt.type_string()) -%}
        {%- set length = dbt.cast(dbt.length(text), dbt.type_string()) -%}
        {%- do parts.append("coalesce(" ~ length ~ " || ':' || " ~ text ~ ", '-')") -%}
    {%- endfor -%}
    {%- set row_hash = dbt.hash(parts | join(" || '|' || ")) -%}
    {{ dbt.hash(dbt.listagg(row_hash, "''", "order by " ~ row_hash)) }}
{%- endmacro %}
