{#-
    parse_boolean(column): the true/false spellings found in exports → boolean; anything else → null.
    '1'/'0', true/false (any case), yes/no, y/n, t/f, on/off, はい/いいえ, 有効/無効, ✓ / ○ / ×.
    Portable SQL (is_one_of dispatches the list lookup), so only a default__ implementation.
-#}

{% macro parse_boolean(column) -%}
    {{ return(adapter.dispatch('parse_boolean', 'revops_warehouse')(column)) }}
{%- endmacro %}

{% macro default__parse_boolean(column) -%}
    {%- set label = "lower(" ~ revops_warehouse.null_if_blank(column) ~ ")" -%}
    case
        when {{ revops_warehouse.is_one_of(label, ['1', 'true', 't', 'yes', 'y', 'on', 'はい', '有効', '済', '✓', '○']) }}
            then true
        when {{ revops_warehouse.is_one_of(label, ['0', 'false', 'f', 'no', 'n', 'off', 'いいえ', '無効', '未', '×']) }}
            then false
    end
{%- endmacro %}
