{#-
    The day/month order chosen for each date column of each landed batch, with its evidence and the values
    that still do not read as a date (to flag, with examples). The staging models parse every date column in
    its batch's order (date_orders_by_batch); which raw columns are profiled is the var revops_date_columns.
    Incremental: a build profiles only the batches landed since the last one (a batch never changes).
-#}
{{ config(unique_key=['source_table', 'column_name', '_batch_id'], on_schema_change='ignore') }}

{%- set tie = var('revops_date_order_tie', 'mdy') -%}
{%- set dash_dot_tie = var('revops_date_order_tie_dash_dot', 'dmy') -%}

with date_values as (

    {%- for source_table, columns in var('revops_date_columns').items() %}
        {%- set source_name, table_name = source_table.split('.') %}
        {{ date_values(source_table, source(source_name, table_name), columns) | indent(4) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

profiled as (

    {{ date_format_profile('date_values') | indent(4) }}

),

decided as (

    select
        profiled.*,
        case
            when profiled.day_first_values_count > profiled.month_first_values_count then 'dmy'
            when profiled.month_first_values_count > profiled.day_first_values_count then 'mdy'
            when profiled.day_month_values_count > 2 * profiled.slash_values_count then '{{ dash_dot_tie }}'
            else '{{ tie }}'
        end as date_order,
        case
            when profiled.day_first_values_count + profiled.month_first_values_count = 0
                and profiled.day_month_values_count > 2 * profiled.slash_values_count then 'separator_default'
            when profiled.day_first_values_count + profiled.month_first_values_count = 0 then 'tie_default'
            when profiled.day_first_values_count = 0 or profiled.month_first_values_count = 0 then 'evidence'
            when profiled.day_first_values_count = profiled.month_first_values_count then 'conflict_tie_default'
            else 'conflict_majority'
        end as decided_by
    from profiled

),

described as (

    select
        source_table,
        column_name,
        _batch_id,
        date_order,
        decided_by,
        case
            when values_count = 0 then 'empty'
            when day_month_values_count = values_count
                then case when date_order = 'dmy' then 'D/M/Y' else 'M/D/Y' end
            when zoned_values_count = values_count then 'ISO 8601 with zone'
            when year_first_values_count = values_count then 'Y-M-D'
            when excel_serial_values_count = values_count then 'Excel serial'
            else 'mixed'
        end as date_format,
        values_count,
        year_first_values_count,
        zoned_values_count,
        day_month_values_count,
        slash_values_count,
        two_digit_year_values_count,
        day_first_values_count,
        month_first_values_count,
        excel_serial_values_count,
        case
            when date_order = 'dmy' then unparsed_if_day_first_count else unparsed_if_month_first_count
        end as implausible_values_count,
        case
            when date_order = 'dmy' then unparsed_if_day_first_examples else unparsed_if_month_first_examples
        end as implausible_examples
    from decided

)

select * from described
