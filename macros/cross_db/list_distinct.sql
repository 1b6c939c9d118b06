{#-
    list_distinct(column): the distinct non-null values of a column in a group, sorted, comma-separated
    ("gainsight,hubspot,salesforce"). An aggregate: use it with group by.
-#}

{% macro list_distinct(column) -%}
    {{ return(adapter.dispatch('list_distinct', 'revops_warehouse')(column)) }}
{%- endmacro %}

{% macro default__list_distinct(column) -%}
    string_agg(distinct {{ column }}, ',' order by {{ column }})
{%- endmacro %}

{% macro spark__list_distinct(column) -%}
    array_join(array_sort(collect_set({{ column }})), ',')
{%- endmacro %}
