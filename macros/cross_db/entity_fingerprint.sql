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

{#- entity_fingerprint(expressions): an aggregate that fingerprints the rows of a group (an entity's source
    records): it changes when any row's value of any expression changes, or a row joins or leaves the group,
    whatever the rows' order. Incremental marts compare it with the value they stored to find the entities
    to recompute. -#}
{% macro entity_fingerprint(expressions) -%}
    {{ return(adapter.dispatch('entity_fingerprint', 'revops_warehouse')(expressions)) }}
{%- endmacro %}

{#- DuckDB: xor of the rows' 64-bit hashes (rows are unique, so none cancel out). -#}
{% macro duckdb__entity_fingerprint(expressions) -%}
    bit_xor({{ revops_warehouse.duckdb__row_hash(expressions) }})
{%- endmacro %}

{#- Other warehouses: md5 of the sorted row hashes. -#}
{% macro default__entity_fingerprint(expressions) -%}
    {%- set row_hash = revops_warehouse.default__row_hash(expressions) -%}
    {{ dbt.hash(dbt.listagg(row_hash, "''", "order by " ~ row_hash)) }}
{%- endmacro %}
