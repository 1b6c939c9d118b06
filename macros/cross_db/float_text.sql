{#- float_text(expression): a floating-point number as text, written as DuckDB writes it: the shortest digits that
    read back the same value, and a whole number with '.0' (51.0, 51.5). PostgreSQL writes a whole number without
    the '.0', so it is added there. -#}
{% macro float_text(expression) -%}
    {{ return(adapter.dispatch('float_text', 'revops_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__float_text(expression) -%}
    cast({{ expression }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro postgres__float_text(expression) -%}
    case
        when {{ expression }} = trunc({{ expression }}) and abs({{ expression }}) < 1e15
            then cast({{ expression }} as text) || '.0'
        else cast({{ expression }} as text)
    end
{%- endmacro %}
