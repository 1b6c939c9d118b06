{#-
    Text cleaning shared by every staging model. Portable SQL (standard trim / nullif / lower) in default__,
    which adapters dispatch to unless they ship their own (DuckDB: a faster null_if_blank, same results).

    null_if_blank(column)        trimmed text, or null when empty or only (full-width) spaces, tabs or newlines
    null_if_placeholder(column)  as null_if_blank, and null for the placeholders people type into CRM fields
                                 when they do not know the value (個人, 不明, test, n/a, -, 0000000000, …)
    clean_salesforce_id(column)  as null_if_blank, and null for Salesforce's empty id 000000000000000AAA
-#}

{% macro whitespace_characters() -%}
    {#- space, ideographic (full-width) space, tab, line feed, carriage return, no-break space -#}
    ' 　' || chr(9) || chr(10) || chr(13) || chr(160)
{%- endmacro %}

{% macro null_if_blank(column) -%}
    {{ return(adapter.dispatch('null_if_blank', 'revops_warehouse')(column)) }}
{%- endmacro %}

{% macro default__null_if_blank(column) -%}
    nullif(trim(both {{ revops_warehouse.whitespace_characters() }} from {{ column }}), '')
{%- endmacro %}

{#- DuckDB trims a character set code point by code point, for every value of every staging column. A value
    that starts and ends with a printable ASCII character other than space, i.e. almost every value, has nothing
    to trim, so it is returned as it is; any other value takes the portable trim. -#}
{% macro duckdb__null_if_blank(column) -%}
    case
        when ascii({{ column }}) between 33 and 126 and ascii(right({{ column }}, 1)) between 33 and 126
            then {{ column }}
        else {{ revops_warehouse.default__null_if_blank(column) }}
    end
{%- endmacro %}

{% macro placeholder_values() -%}
    {#- compared after trim + lower-casing; extend here, never in a model -#}
    {{ return([
        '個人', '不明', 'なし', '無し', '未定', '未入力', '該当なし', '-', '--', '---', 'ー', '－', '―', '.',
        'test', 'テスト', 'n/a', 'na', 'none', 'null', 'unknown', 'tbd', '?', 'x', 'xxx',
        '0', '0000000000', '00000000000', '0000000000000',
    ]) }}
{%- endmacro %}

{% macro null_if_placeholder(column, extra_placeholders=[]) -%}
    {{ return(adapter.dispatch('null_if_placeholder', 'revops_warehouse')(column, extra_placeholders)) }}
{%- endmacro %}

{% macro default__null_if_placeholder(column, extra_placeholders) -%}
    {%- set lowered = [] -%}
    {%- for value in revops_warehouse.placeholder_values() + extra_placeholders -%}
        {%- do lowered.append(value | lower) -%}
    {%- endfor -%}
    case
        when {{ revops_warehouse.is_one_of("lower(" ~ revops_warehouse.null_if_blank(column) ~ ")", lowered) }}
            then null
        else {{ revops_warehouse.null_if_blank(column) }}
    end
{%- endmacro %}

{% macro clean_salesforce_id(column) -%}
    {{ return(adapter.dispatch('clean_salesforce_id', 'revops_warehouse')(column)) }}
{%- endmacro %}

{% macro default__clean_salesforce_id(column) -%}
    case
        when {{ revops_warehouse.null_if_blank(column) }} in ('000000000000000AAA', '000000000000000')
            then null
        else {{ revops_warehouse.null_if_blank(column) }}
    end
{%- endmacro %}
