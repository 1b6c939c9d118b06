{#-
    The refused links of an identity model's row (its refused_links): DuckDB holds them as a list of structs
    (other_record, rule, guard, reason); on PostgreSQL the client step writes them as a jsonb array of objects with
    the same keys; on Spark they are an array of structs, read from the client's Parquet file.
      refused_links_unnested(column)  one row per refused link: a set-returning expression for the select list
      refusal_field(refusal, field)   one field of such a link, as text
-#}
{% macro refused_links_unnested(column) -%}
    {{ return(adapter.dispatch('refused_links_unnested', 'revops_warehouse')(column)) }}
{%- endmacro %}

{% macro default__refused_links_unnested(column) -%}
    unnest({{ column }})
{%- endmacro %}

{% macro postgres__refused_links_unnested(column) -%}
    jsonb_array_elements({{ column }})
{%- endmacro %}

{% macro spark__refused_links_unnested(column) -%}
    explode({{ column }})
{%- endmacro %}

{% macro refusal_field(refusal, field) -%}
    {{ return(adapter.dispatch('refusal_field', 'revops_warehouse')(refusal, field)) }}
{%- endmacro %}

{% macro default__refusal_field(refusal, field) -%}
    {{ refusal }}.{{ field }}
{%- endmacro %}

{% macro postgres__refusal_field(refusal, field) -%}
    {{ refusal }} ->> '{{ field }}'
{%- endmacro %}
