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

{#- PostgreSQL: md5 of the row as jsonb without the lineage keys (null and '' differ; jsonb orders its keys). It
    reads the row itself, not the relation's column list, so it also works on a unit test's fixture rows, which
    are a CTE with no columns to look up. -#}
{% macro postgres__content_hash(relation, alias) -%}
    md5(cast((
        select jsonb_object_agg(entry.key, entry.value)
        from jsonb_each(to_jsonb({{ alias }})) as entry
        where entry.key !~ '^_'
    ) as text))
{%- endmacro %}
