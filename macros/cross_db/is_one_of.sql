{#-
    is_one_of(expression, values): whether the text `expression` equals one of `values` (a list of strings), null
    when it is null; the portable `expression in (...)`.

    DuckDB plans an IN list of more than a few constants as a join of the whole row against the list, once per
    use, which made the placeholder checks the slowest part of the person staging models (benchmarks/README.md).
    DuckDB's version is one regular-expression match over the escaped alternatives, with the same result.
-#}

{% macro is_one_of(expression, values) -%}
    {{ return(adapter.dispatch('is_one_of', 'revops_warehouse')(expression, values)) }}
{%- endmacro %}

{% macro default__is_one_of(expression, values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append("'" ~ (value | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {{ expression }} in ({{ quoted | join(', ') }})
{%- endmacro %}

{% macro duckdb__is_one_of(expression, values) -%}
    {%- set alternatives = [] -%}
    {%- for value in values -%}
        {%- set escaped = [] -%}
        {%- for character in value -%}
            {%- do escaped.append('\\' ~ character if character in '\\.^$|?*+()[]{}' else character) -%}
        {%- endfor -%}
        {%- do alternatives.append(escaped | join('') | replace("'", "''")) -%}
    {%- endfor -%}
    regexp_full_match({{ expression }}, '{{ alternatives | join('|') }}')
{%- endmacro %}
