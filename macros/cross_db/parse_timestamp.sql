{#-
    parse_timestamp(column, source_timezone='UTC'): the date-time spellings found in exports → a timestamp
    without time zone, in UTC. Unparseable text → null (never a failed build).

    Accepted: YYYY-MM-DD HH:MM:SS[.fff], YYYY-MM-DD HH:MM, YYYY/MM/DD HH:MM[:SS], YYYY/MM/DD, YYYY-MM-DD,
    YYYY年MM月DD日, ISO-8601 with T and Z or an offset (2026-11-01T09:00:00+09:00), epoch milliseconds
    (13 digits) and epoch seconds (10 digits). Text without a zone is read in `source_timezone`
    (Salesforce writes UTC; a HubSpot export is in the portal's time zone) and converted to UTC.

    parse_date(column): the calendar date written in the text (no time-zone conversion).
-#}

{% macro parse_timestamp(column, source_timezone='UTC') -%}
    {{ return(adapter.dispatch('parse_timestamp', 'revops_warehouse')(column, source_timezone)) }}
{%- endmacro %}

{% macro local_to_utc(expression, source_timezone) -%}
    {%- if source_timezone | upper == 'UTC' -%}
        {{ expression }}
    {%- else -%}
        cast(({{ expression }} at time zone '{{ source_timezone }}') at time zone 'UTC' as timestamp)
    {%- endif -%}
{%- endmacro %}

{% macro default__parse_timestamp(column, source_timezone) -%}
    {%- set text = revops_warehouse.null_if_blank(column) -%}
    case
        when {{ text }} ~ '^[0-9]{13}$'
            then cast(to_timestamp(cast({{ text }} as bigint) / 1000.0) at time zone 'UTC' as timestamp)
        when {{ text }} ~ '^[0-9]{10}$'
            then cast(to_timestamp(cast({{ text }} as bigint)) at time zone 'UTC' as timestamp)
        when {{ text }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*(Z|[+-][0-9]{2}:?[0-9]{2})$'
            then cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        when {{ text }} ~ '^[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$'
            then {{ revops_warehouse.local_to_utc(
                "cast(replace(" ~ text ~ ", '/', '-') as timestamp)", source_timezone) }}
        when {{ text }} ~ '^[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日$'
            then {{ revops_warehouse.local_to_utc(
                "to_timestamp(" ~ text ~ ", 'YYYY\"年\"MM\"月\"DD\"日\"')::timestamp", source_timezone) }}
    end
{%- endmacro %}

{% macro duckdb__parse_timestamp(column, source_timezone) -%}
    {%- set text = revops_warehouse.null_if_blank(column) -%}
    case
        when regexp_full_match({{ text }}, '[0-9]{13}')
            then epoch_ms(cast({{ text }} as bigint))
        when regexp_full_match({{ text }}, '[0-9]{10}')
            then epoch_ms(cast({{ text }} as bigint) * 1000)
        when regexp_full_match({{ text }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}T.*(Z|[+-][0-9]{2}:?[0-9]{2})')
            then cast(try_cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        else {{ revops_warehouse.local_to_utc(
            "try_strptime(" ~ text ~ ", [
                '%Y-%m-%d %H:%M:%S',
                '%Y-%m-%d %H:%M:%S.%f',
                '%Y-%m-%d %H:%M',
                '%Y-%m-%dT%H:%M:%S',
                '%Y-%m-%dT%H:%M:%S.%f',
                '%Y-%m-%dT%H:%M',
                '%Y/%m/%d %H:%M:%S',
                '%Y/%m/%d %H:%M',
                '%Y/%m/%d',
                '%Y-%m-%d',
                '%Y年%m月%d日'
            ])", source_timezone) }}
    end
{%- endmacro %}

{% macro parse_date(column) -%}
    cast({{ revops_warehouse.parse_timestamp(column) }} as date)
{%- endmacro %}
