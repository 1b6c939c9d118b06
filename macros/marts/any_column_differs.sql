{#-
    any_column_differs(left, right, columns): a condition true when `left` and `right` (relation aliases) hold
    different values in any of `columns`, nulls compared as values (`is distinct from`). Incremental models use
    it to compare a computed row with its built row.
-#}

{% macro any_column_differs(left, right, columns) -%}
    {%- for column in columns -%}
        {{ left }}.{{ column }} is distinct from {{ right }}.{{ column }}{{ ' or ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
