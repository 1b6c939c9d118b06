{#- One row per funnel (person, account) and stage: how many entered it, how many went on to a later stage, and
    the median and 90th percentile of the hours spent in it by those who left it; for those still in it, how
    many and the median age in days. Entries whose next stage the sources date before them (is_out_of_order) are
    counted apart and left out of the hours: their time in stage is unknown, not 0. -#}
with funnel as (

    select * from {{ ref('fct_funnel') }}

),

in_order as (

    select
        funnel.*,
        case when not funnel.is_out_of_order then funnel.hours_in_stage end as in_order_hours_in_stage
    from funnel

),

stage_times as (

    select
        entity_type,
        stage,
        min(stage_order) as stage_order,
        count(*) as entered_count,
        sum(case when is_converted then 1 else 0 end) as converted_count,
        sum(case when left_at is not null then 1 else 0 end) as left_count,
        sum(case when is_out_of_order then 1 else 0 end) as out_of_order_count,
        {{ percentile_cont('in_order_hours_in_stage', 0.5) }} as median_hours_in_stage,
        {{ percentile_cont('in_order_hours_in_stage', 0.9) }} as p90_hours_in_stage,
        sum(case when left_at is null then 1 else 0 end) as current_count,
        {{ percentile_cont('age_in_stage_days', 0.5) }} as median_age_in_stage_days
    from in_order
    group by entity_type, stage

),

final as (

    select
        entity_type || '|' || stage as funnel_stage_key,
        entity_type,
        stage,
        stage_order,
        entered_count,
        cast(converted_count as {{ bi_count_type() }}) as converted_count,
        cast(case
            when stage not in ('customer', 'churned')
                then cast(converted_count as {{ dbt.type_numeric() }}) / entered_count
        end as {{ bi_float_type() }}) as conversion_rate,
        cast(left_count as {{ bi_count_type() }}) as left_count,
        cast(out_of_order_count as {{ bi_count_type() }}) as out_of_order_count,
        median_hours_in_stage,
        p90_hours_in_stage,
        cast(current_count as {{ bi_count_type() }}) as current_count,
        median_age_in_stage_days
    from stage_times

)

select * from final
