{#- Close-date changes of every opportunity (canonical entity opportunity_close_date_changes), classified by
    var revops_pipeline.slip_period: slipped when the new close date falls in a later period than the old one,
    pulled_in when in an earlier one, within_period otherwise. -#}
{%- set slip_period = var('revops_pipeline', {}).get('slip_period', 'quarter') -%}
{%- if slip_period not in ('month', 'quarter') -%}
    {{ exceptions.raise_compiler_error(
        "var revops_pipeline.slip_period must be month or quarter, not '" ~ slip_period ~ "'") }}
{%- endif -%}

with close_date_changes as (

    {{ union_canonical_with_opportunity('opportunity_close_date_changes', 'close_date_change_id') }}

),

with_periods as (

    select
        close_date_changes.*,
        cast({{ dbt.date_trunc(slip_period, 'close_date_changes.from_close_date') }} as date) as from_period_start,
        cast({{ dbt.date_trunc(slip_period, 'close_date_changes.close_date') }} as date) as to_period_start
    from close_date_changes

),

final as (

    select
        *,
        {{ dbt.datediff('from_close_date', 'close_date', 'day') }} as days_moved,
        case
            when to_period_start > from_period_start then 'slipped'
            when to_period_start < from_period_start then 'pulled_in'
            else 'within_period'
        end as change_direction
    from with_periods

)

select * from final
