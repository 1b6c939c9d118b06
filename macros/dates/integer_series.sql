{#-
    integer_series(column_name, digit_count): a select of one integer column, `column_name`, holding every whole
    number from 0 to 10^digit_count - 1 (digit_count 3: 0 … 999), one row each.

    The base of the date spines (dim_dates, rpt_pipeline_weekly, int_account_arr_monthly): a model adds each
    number, as a count of days, weeks or months, to its first date with dbt.dateadd and keeps the dates up to its
    last one. Built by cross-joining one ten-row table of digits per decimal place (the number is the sum of each
    digit times its place value), which is plain ANSI SQL: DuckDB, PostgreSQL and Spark run it as it is, so there
    is nothing to dispatch (generate_series / range / sequence differ between them).
-#}

{% macro integer_series(column_name, digit_count) -%}
    {%- if digit_count is not number or digit_count < 1 -%}
        {{ exceptions.raise_compiler_error("integer_series: digit_count must be a whole number >= 1") }}
    {%- endif -%}
    {%- set digits -%}
        (select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9)
    {%- endset -%}
    {%- set terms = [] -%}
    {%- for place in range(digit_count) -%}
        {%- do terms.append((10 ** place) ~ ' * place_' ~ place ~ '.digit') -%}
    {%- endfor -%}
    select {{ terms | join(' + ') }} as {{ column_name }}
    from {{ digits }} as place_0
    {%- for place in range(1, digit_count) %}
    cross join {{ digits }} as place_{{ place }}
    {%- endfor %}
{%- endmacro %}
