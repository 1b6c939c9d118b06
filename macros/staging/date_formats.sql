{#-
    How a date column's day/month order is decided per batch, and how a staging model reads the decision.

    The columns profiled are the var `revops_date_columns` (`<source>.<table>: [raw columns]`), one owner for
    "which raw text columns hold dates"; stg_audit__date_formats_by_batch profiles them per batch and every
    staging model of such a table joins date_orders_by_batch to parse each column in its batch's order.

    date_values(source_table, relation, columns): the non-blank values of `columns` of `relation`, one row per
    value (source_table, column_name, _batch_id, value_text), from the batches newer than the model's built
    ones (all of them on a full build).
    date_format_profile(values): one row per source table, column and batch of `values` (the union of
    date_values) with the evidence counts. All tables go through one profile, so the parse is written once.
    date_orders_by_batch(source_name, table_name): one row per batch of that raw table with a column
    `_<column>__date_order` ('dmy' / 'mdy') per profiled column, keyed by `_date_order_batch_id`.
-#}

{#- In the profile, the order matters only for A/B/Y values: every other value is parsed once, and a value already
    shaped as plain ISO (most of them) by the cast that parse_timestamp would give it (parse_plain_iso). -#}
{% macro date_format_profile(values) -%}
    {%- set patterns = revops_warehouse.timestamp_patterns() -%}
    {%- set value = 'date_values.value_text' -%}
    {%- set parses = revops_warehouse.parse_timestamp('typed.value_text') ~ ' is not null' -%}
    {%- set parses_plain_iso = revops_warehouse.parse_plain_iso('typed.value_text') ~ ' is not null' -%}
    {%- set parses_as_day_first = revops_warehouse.parse_timestamp('shaped.value_text', date_order="'dmy'") -%}
    {%- set parses_as_month_first = revops_warehouse.parse_timestamp('shaped.value_text', date_order="'mdy'") -%}
    select
        classified.source_table,
        classified.column_name,
        classified._batch_id,
        count(classified.value_text) as values_count,
        count(case when classified.value_shape in ('plain_iso', 'year_first') then 1 end) as year_first_values_count,
        count(case when classified.value_shape = 'zoned' then 1 end) as zoned_values_count,
        count(case when classified.value_shape = 'day_month' then 1 end) as day_month_values_count,
        count(case when classified.value_shape = 'day_month' and classified.value_text like '%/%' then 1 end)
            as slash_values_count,
        count(case when classified.value_shape = 'excel_serial' then 1 end) as excel_serial_values_count,
        count(case when length(classified.year_part) = 2 then 1 end) as two_digit_year_values_count,
        count(case when classified.first_part > 12 and classified.second_part <= 12 then 1 end)
            as day_first_values_count,
        count(case when classified.second_part > 12 and classified.first_part <= 12 then 1 end)
            as month_first_values_count,
        count(case when not classified.parses_as_day_first then 1 end) as unparsed_if_day_first_count,
        count(case when not classified.parses_as_month_first then 1 end) as unparsed_if_month_first_count,
        {{ revops_warehouse.sample_values('classified.value_text', 'not classified.parses_as_day_first') }}
            as unparsed_if_day_first_examples,
        {{ revops_warehouse.sample_values('classified.value_text', 'not classified.parses_as_month_first') }}
            as unparsed_if_month_first_examples
    from (
        select
            shaped.*,
            case
                when shaped.value_shape = 'day_month' then {{ parses_as_day_first }} is not null
                else shaped.parses_in_any_order
            end as parses_as_day_first,
            case
                when shaped.value_shape = 'day_month' then {{ parses_as_month_first }} is not null
                else shaped.parses_in_any_order
            end as parses_as_month_first,
            case when shaped.value_shape = 'day_month'
                then cast({{ revops_warehouse.regexp_group('shaped.value_text', 'part_first', 1) }} as integer)
            end as first_part,
            case when shaped.value_shape = 'day_month'
                then cast({{ revops_warehouse.regexp_group('shaped.value_text', 'part_first', 2) }} as integer)
            end as second_part,
            case when shaped.value_shape = 'day_month'
                then {{ revops_warehouse.regexp_group('shaped.value_text', 'part_first', 3) }}
            end as year_part
        from (
            select
                typed.*,
                case
                    when typed.value_shape = 'plain_iso' then {{ parses_plain_iso }}
                    else {{ parses }}
                end as parses_in_any_order
            from (
                select
                    date_values.*,
                    case
                        when {{ revops_warehouse.matches_pattern(value, patterns.plain_iso) }} then 'plain_iso'
                        when {{ revops_warehouse.matches_pattern(value, patterns.zoned) }} then 'zoned'
                        when {{ revops_warehouse.matches_pattern(value, patterns.year_first) }} then 'year_first'
                        when {{ revops_warehouse.matches_pattern(value, patterns.part_first) }} then 'day_month'
                        when {{ revops_warehouse.matches_pattern(value, patterns.excel_serial) }} then 'excel_serial'
                        else 'other'
                    end as value_shape
                from {{ values }} as date_values
            ) as typed
        ) as shaped
    ) as classified
    group by classified.source_table, classified.column_name, classified._batch_id
{%- endmacro %}

{% macro date_values(source_table, relation, columns) -%}
    {%- set selects = [] -%}
    {%- for column in columns -%}
        {%- set value = revops_warehouse.null_if_blank('raw_rows.' ~ column) -%}
        {%- set new_batches = "" if not is_incremental() else (
            " and raw_rows._batch_id > (select coalesce(max(built._batch_id), 0) from " ~ this
            ~ " as built where built.source_table = '" ~ source_table ~ "')") -%}
        {%- do selects.append(
            "select '" ~ source_table ~ "' as source_table, '" ~ column ~ "' as column_name, raw_rows._batch_id, "
            ~ value ~ " as value_text from " ~ relation ~ " as raw_rows where " ~ value ~ " is not null"
            ~ new_batches) -%}
    {%- endfor -%}
    {{ selects | join('\nunion all\n') }}
{%- endmacro %}

{% macro date_orders_by_batch(source_name, table_name) -%}
    {%- set source_table = source_name ~ '.' ~ table_name -%}
    {%- set columns = var('revops_date_columns').get(source_table) -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            "date_orders_by_batch: add " ~ source_table ~ " and its date columns to var revops_date_columns") }}
    {%- endif -%}
    select
        date_formats._batch_id as _date_order_batch_id,
    {%- for column in columns %}
        max(case when date_formats.column_name = '{{ column }}' then date_formats.date_order end)
            as _{{ column }}__date_order{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ ref('stg_audit__date_formats_by_batch') }} as date_formats
    where date_formats.source_table = '{{ source_table }}'
    group by date_formats._batch_id
{%- endmacro %}

{#- regexp_group(text, pattern_name, group): the text of one capture group of a timestamp_patterns() pattern,
    '' or null when it does not match. -#}
{% macro regexp_group(text, pattern_name, group) -%}
    {{ return(adapter.dispatch('regexp_group', 'revops_warehouse')(text, pattern_name, group)) }}
{%- endmacro %}

{% macro default__regexp_group(text, pattern_name, group) -%}
    (regexp_match({{ text }}, '{{ revops_warehouse.timestamp_patterns()[pattern_name] }}'))[{{ group }}]
{%- endmacro %}

{% macro duckdb__regexp_group(text, pattern_name, group) -%}
    regexp_extract({{ text }}, '{{ revops_warehouse.timestamp_patterns()[pattern_name] }}', {{ group }})
{%- endmacro %}

{% macro spark__regexp_group(text, pattern_name, group) -%}
    regexp_extract({{ text }}, '{{ revops_warehouse.timestamp_patterns()[pattern_name] }}', {{ group }})
{%- endmacro %}

{#- sample_values(column, condition, how_many=5): up to `how_many` distinct values meeting `condition`, sorted,
    joined by ' | ' (an aggregate). -#}
{% macro sample_values(column, condition, how_many=5) -%}
    {{ return(adapter.dispatch('sample_values', 'revops_warehouse')(column, condition, how_many)) }}
{%- endmacro %}

{% macro default__sample_values(column, condition, how_many) -%}
    array_to_string(
        (array_agg(distinct {{ column }} order by {{ column }}) filter (where {{ condition }}))[1:{{ how_many }}],
        ' | '
    )
{%- endmacro %}

{#- DuckDB: a plain list() of the few matching values, deduplicated and sorted afterwards, is a parallel
    aggregate; list(distinct … order by …) is not (it made the profile many times slower). -#}
{% macro duckdb__sample_values(column, condition, how_many) -%}
    array_to_string(
        list_slice(list_sort(list_distinct(list({{ column }}) filter (where {{ condition }}))), 1, {{ how_many }}),
        ' | '
    )
{%- endmacro %}

{% macro spark__sample_values(column, condition, how_many) -%}
    array_join(slice(array_sort(collect_set(case when {{ condition }} then {{ column }} end)), 1, {{ how_many }}), ' | ')
{%- endmacro %}
