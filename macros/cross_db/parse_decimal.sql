{#-
    parse_decimal(column, precision=18, scale=2): money and other numbers typed by people → decimal.
    Strips thousands separators, currency signs (¥ ￥ $ 円) and (full-width) spaces; text that is still not
    a number after that ('1-10', 'TBD') → null instead of failing the build.
    parse_integer(column): the same, rounded to a bigint (counts, employees, minutes).

    DuckDB has try_cast; PostgreSQL has none, so default__ guards the cast with a regular expression.
-#}

{% macro number_noise_pattern() -%}
    '[,¥￥$円 　' || chr(9) || chr(160) || ']'
{%- endmacro %}

{% macro parse_decimal(column, precision=18, scale=2) -%}
    {{ return(adapter.dispatch('parse_decimal', 'revops_warehouse')(column, precision, scale)) }}
{%- endmacro %}

{% macro default__parse_decimal(column, precision, scale) -%}
    case
        when regexp_replace({{ column }}, {{ revops_warehouse.number_noise_pattern() }}, '', 'g')
            ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)$'
            then cast(
                regexp_replace({{ column }}, {{ revops_warehouse.number_noise_pattern() }}, '', 'g')
                as decimal({{ precision }}, {{ scale }})
            )
    end
{%- endmacro %}

{% macro duckdb__parse_decimal(column, precision, scale) -%}
    try_cast(
        nullif(regexp_replace({{ column }}, {{ revops_warehouse.number_noise_pattern() }}, '', 'g'), '')
        as decimal({{ precision }}, {{ scale }})
    )
{%- endmacro %}

{% macro parse_integer(column) -%}
    cast(round({{ revops_warehouse.parse_decimal(column, 38, 6) }}) as {{ dbt.type_bigint() }})
{%- endmacro %}
