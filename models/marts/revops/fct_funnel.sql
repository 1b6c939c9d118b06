{#- One row per person or account and funnel stage entered: when it left (the next stage entered), time in stage,
    whether it converted (a further stage was reached), the age of the current stage and, on mql rows, the lead
    response time. Entries compare at a common precision: a next stage entered on a date only (is_date_only) on
    the day this stage was entered later ends it at the end of that day; a next stage entered earlier still (the
    sources disagree: is_out_of_order) ends it when it was entered. So left_at is never before entered_at. -#}
with stage_entries as (

    select * from {{ ref('funnel_stage_entries') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

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
        ) as next_entered_at,
        lead(coalesce(ordered.is_date_only, false)) over (
            partition by ordered.entity_type, ordered.entity_id order by ordered.stage_order asc
        ) as next_is_date_only,
        max(case when ordered.stage <> 'churned' then ordered.stage_order end) over (
            partition by ordered.entity_type, ordered.entity_id
        ) as furthest_stage_order
    from ordered

),

bounded as (

    select
        with_next.*,
        case
            when with_next.next_entered_at is null then null
            when with_next.next_entered_at >= with_next.entered_at then with_next.next_entered_at
            when
                with_next.next_is_date_only
                and with_next.entered_at < {{ dbt.dateadd('day', 1, 'with_next.next_entered_at') }}
                then {{ dbt.dateadd('day', 1, 'with_next.next_entered_at') }}
            else with_next.entered_at
        end as left_at,
        coalesce(
            with_next.next_entered_at < with_next.entered_at
            and not (
                with_next.next_is_date_only
                and with_next.entered_at < {{ dbt.dateadd('day', 1, 'with_next.next_entered_at') }}
            ),
            false
        ) as is_out_of_order
    from with_next

),

final as (

    select
        bounded.entity_type || '|' || bounded.entity_id || '|' || bounded.stage as funnel_stage_id,
        bounded.entity_type,
        bounded.entity_id,
        bounded.account_id,
        bounded.person_id,
        bounded.stage,
        bounded.stage_order,
        bounded.entered_at,
        coalesce(bounded.is_date_only, false) as is_date_only,
        cast(bounded.left_at as {{ dbt.type_timestamp() }}) as left_at,
        bounded.is_out_of_order,
        case
            when bounded.left_at is not null
                then {{ dbt.datediff('bounded.entered_at', 'bounded.left_at', 'hour') }}
        end as hours_in_stage,
        case
            when bounded.left_at is null
                then {{ dbt.datediff('cast(bounded.entered_at as date)', 'as_of.as_of_date', 'day') }}
        end as age_in_stage_days,
        bounded.stage <> 'churned' and bounded.stage_order < bounded.furthest_stage_order as is_converted,
        bounded.first_sales_touch_at,
        case
            when bounded.first_sales_touch_at is not null
                then {{ dbt.datediff('bounded.entered_at', 'bounded.first_sales_touch_at', 'minute') }}
        end as lead_response_minutes
    from bounded
    cross join as_of

)

select * from final
