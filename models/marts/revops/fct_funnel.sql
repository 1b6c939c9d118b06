{#- One row per person or account and funnel stage entered: when it left (the next stage entered), time in stage,
    whether it converted (a further stage was reached) and, on mql rows, the lead response time. -#}
with stage_entries as (

    select * from {{ ref('funnel_stage_entries') }}

),

ordered as (

    select
        stage_entries.*,
        case stage_entries.stage
            when 'engaged' then 1
            when 'lead' then 1
            when 'mql' then 2
            when 'sql' then 3
            when 'opportunity' then 4
            when 'customer' then 5
            when 'churned' then 6
        end as stage_order
    from stage_entries

),

with_next as (

    select
        ordered.*,
        lead(ordered.entered_at) over (
            partition by ordered.entity_type, ordered.entity_id order by ordered.stage_order asc
        ) as left_at,
        max(case when ordered.stage <> 'churned' then ordered.stage_order end) over (
            partition by ordered.entity_type, ordered.entity_id
        ) as furthest_stage_order
    from ordered

),

final as (

    select
        entity_type || '|' || entity_id || '|' || stage as funnel_stage_id,
        entity_type,
        entity_id,
        account_id,
        person_id,
        stage,
        stage_order,
        entered_at,
        left_at,
        case
            when left_at is not null
                then greatest({{ dbt.datediff('entered_at', 'left_at', 'hour') }}, 0)
        end as hours_in_stage,
        stage <> 'churned' and stage_order < furthest_stage_order as is_converted,
        first_sales_touch_at,
        case
            when first_sales_touch_at is not null
                then {{ dbt.datediff('entered_at', 'first_sales_touch_at', 'minute') }}
        end as lead_response_minutes
    from with_next

)

select * from final
