{#-
    parse_decimal(column, precision=18, scale=2): money and other numbers typed by people → decimal.
    parse_integer(column): the same, rounded to a bigint (counts, employees, minutes).

    Read as written, per value:
      - full-width digits and signs (１２３，４５６) are read as ASCII;
      - currency signs and codes are dropped: ¥ ￥ $ € £ ₩ ₹ 円 元, R$ / MX$ / US$, S/ (soles), a three-letter
        upper-case ISO code (USD, MXN, PEN); so are spaces (also full-width and no-break) and a % sign
        (`50%` → 50: percent points, as Salesforce's Probability holds them);
      - (1,234) is negative, as accountants write it;
      - decimal comma or point: with both marks the last one is the decimal mark (`1.234,56` and
        `1,234.56` are both 1234.56); a comma alone is a thousands separator when it groups digits by
        three (`1,234`, `12,345,678`) and a decimal comma otherwise (`12,5`); points grouping by three
        at least twice (`1.234.567`) are thousands separators, a single point is a decimal point;
      - scientific notation (`1.39E8`, as Salesforce's Bulk API and Excel write big numbers).
    Anything else ('1-10', 'TBD', 'N/A') → null instead of failing the build.

    DuckDB has try_cast; PostgreSQL has none, so default__ guards the cast with a regular expression.
-#}

{% macro number_noise_pattern() -%}
    '([A-Z]{3}|[A-Z]{1,2}[$]|S/|[$¥￥€£₩₹円元%]|[ 　' || chr(9) || chr(160) || '])'
{%- endmacro %}

{#- the text with full-width characters made ASCII and the noise above removed; (x) → -x -#}
{% macro number_text(column) -%}
    regexp_replace(
        regexp_replace(
            translate({{ column }}, '０１２３４５６７８９．，－＋（）％−', '0123456789.,-+()%-'),
            {{ revops_warehouse.number_noise_pattern() }}, '', 'g'
        ),
        '^[(]([^()]*)[)]$', '-\1'
    )
{%- endmacro %}

{#- `cleaned` (number_text) with the thousands separators removed and a point as decimal mark; `matches`: the
    regular-expression match operator (Spark: rlike) -#}
{% macro number_with_decimal_point(cleaned, matches='~') -%}
    case
        when {{ cleaned }} like '%,%' and {{ cleaned }} like '%.%'
            then case
                when {{ cleaned }} {{ matches }} ',[0-9]*$' then replace(replace({{ cleaned }}, '.', ''), ',', '.')
                else replace({{ cleaned }}, ',', '')
            end
        when {{ cleaned }} like '%,%'
            then case
                when {{ cleaned }} {{ matches }} '^[-+]?[0-9]{1,3}(,[0-9]{3})+$' then replace({{ cleaned }}, ',', '')
                else replace({{ cleaned }}, ',', '.')
            end
        when {{ cleaned }} {{ matches }} '^[-+]?[0-9]{1,3}([.][0-9]{3}){2,}$' then replace({{ cleaned }}, '.', '')
        else {{ cleaned }}
    end
{%- endmacro %}

{% macro parse_decimal(column, precision=18, scale=2) -%}
    {{ return(adapter.dispatch('parse_decimal', 'revops_warehouse')(column, precision, scale)) }}
{%- endmacro %}

{% macro default__parse_decimal(column, precision, scale) -%}
    {%- set number = revops_warehouse.number_with_decimal_point(revops_warehouse.number_text(column)) -%}
    case
        when {{ number }} ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,3})?$'
            then cast(cast({{ number }} as numeric) as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}

{#- DuckDB: try_cast reads 1.39E8 too, and turns an overflow into null. -#}
{% macro duckdb__parse_decimal(column, precision, scale) -%}
    {%- set number = revops_warehouse.number_with_decimal_point(revops_warehouse.number_text(column)) -%}
    try_cast(nullif({{ number }}, '') as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}

{% macro parse_integer(column) -%}
    cast(round({{ revops_warehouse.parse_decimal(column, 38, 6) }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- Spark (ANSI mode off): regexp_replace replaces every match and writes a group as $1; rlike matches; a cast of
    text that is no number, or that overflows the decimal, is null. -#}
{% macro spark__parse_decimal(column, precision, scale) -%}
    {%- set text = "regexp_replace(regexp_replace(translate(" ~ column
        ~ ", '０１２３４５６７８９．，－＋（）％−', '0123456789.,-+()%-'), "
        ~ revops_warehouse.number_noise_pattern() ~ ", ''), '^[(]([^()]*)[)]$', '-$1')" -%}
    {%- set number = revops_warehouse.number_with_decimal_point(text, matches='rlike') -%}
    case
        when {{ number }} rlike '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]{1,3})?$'
            then cast({{ number }} as decimal({{ precision }}, {{ scale }}))
    end
{%- endmacro %}
