{#- content_hash(relation, alias): a hash of the vendor columns of `relation` (read as `alias`) in the
    current row; the lineage columns start with `_` and are left out. -#}
{% macro content_hash(relation, alias) -%}
    {{ return(adapter.dispatch('content_hash', 'revops_warehouse')(relation, alias)) }}
{%- endmacro %}

{#- DuckDB: its 64-bit hash of the columns themselves (null and '' differ), no text built. -#}
{% macro duckdb__content_hash(relation, alias) -%}
    hash(*columns('^[^_]'))
{%- endmacro %}

{#- Other warehouses: row_hash of the vendor columns (md5 over their length-prefixed texts). -#}
{% macro default__content_hash(relation, alias) -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- if not column.name.startswith('_') -%}
            {%- do columns.append(alias ~ '.' ~ adapter.quote(column.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ revops_warehouse.default__row_hash(columns) }}
{%- endmacro %}
