{#- The types of the marts' measures, for BI tools: declared here once (README "Types for BI tools").
    Counts are BIGINT (a sum of integers would otherwise be a 128-bit HUGEINT that ODBC/JDBC drivers map poorly);
    money is DECIMAL(18,2): exact, summable, two decimals like the amounts the exports carry (a converted amount
    is rounded to the cent once, at the mart). In a model: cast(<expression> as {{ bi_count_type() }}). -#}
{% macro bi_count_type() -%}
    bigint
{%- endmacro %}

{% macro bi_money_type() -%}
    decimal(18, 2)
{%- endmacro %}

{#- Ratios, averages and other measures computed by division: DOUBLE, the type DuckDB gives them, declared so that
    PostgreSQL (whose division of numerics keeps up to 20 decimals) gives the same. -#}
{% macro bi_float_type() -%}
    {{ return(adapter.dispatch('bi_float_type', 'revops_warehouse')()) }}
{%- endmacro %}

{% macro default__bi_float_type() -%}
    double precision
{%- endmacro %}

{#- Spark: DOUBLE (it has no DOUBLE PRECISION spelling). -#}
{% macro spark__bi_float_type() -%}
    double
{%- endmacro %}
