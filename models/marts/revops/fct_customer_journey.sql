{#- One row per event per account across all systems, in time order: first touch, forms, MQL / SQL, sales
    activities, opportunities and their stage changes, subscriptions, churn, tickets and health changes, with the
    account's running stage and the time since its previous event. -#}
{%- set cs_platform = var('revops_cs_platform') %}

with accounts as (

    select * from {{ ref('dim_accounts') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

people as (

    select * from {{ ref('dim_people') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

stage_changes as (

    select * from {{ ref('fct_opportunity_stage_changes') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

health_snapshots as (

    select * from {{ ref('fct_account_health_snapshots') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

first_touch_times as (  -- aggregates, not a window ranking every touch: 1.5M touches at 100,000 accounts

    select
        account_id,
        min(occurred_at) as occurred_at
    from touchpoints
    where account_id is not null
    group by account_id

),

first_touches as (  -- each account's earliest touch; among touches at that time, the smallest touchpoint_id

    select
        touchpoints.account_id,
        min(touchpoints.touchpoint_id) as touchpoint_id
    from touchpoints
    inner join first_touch_times
        on
            touchpoints.account_id = first_touch_times.account_id
            and touchpoints.occurred_at = first_touch_times.occurred_at
    group by touchpoints.account_id

),

subscription_churns as (

    select
        account_id,
        max(end_date) as churned_on,
        max(updated_at) as updated_at
    from subscriptions
    where account_id is not null and not is_deleted
    group by account_id
    having max(case when subscription_status = 'active' then 1 else 0 end) = 0

),

events as (

    select
        'first_touch|' || touchpoints.touchpoint_id as event_id,
        touchpoints.account_id,
        touchpoints.person_id,
        touchpoints.occurred_at as event_at,
        'first_touch' as event_type,
        touchpoints.source_system as event_source_system,
        touchpoints.touchpoint_type as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        touchpoints.loaded_at
    from touchpoints
    inner join first_touches on touchpoints.touchpoint_id = first_touches.touchpoint_id

    union all

    select
        'form_submission|' || touchpoint_id as event_id,
        account_id,
        person_id,
        occurred_at as event_at,
        'form_submission' as event_type,
        source_system as event_source_system,
        campaign_name as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        loaded_at
    from touchpoints
    where touchpoint_type = 'form_submission' and account_id is not null

    union all

    select
        'mql|' || person_id as event_id,
        account_id,
        person_id,
        became_mql_at as event_at,
        'mql' as event_type,
        source_systems as event_source_system,
        email as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from people
    where became_mql_at is not null and account_id is not null

    union all

    select
        'sql|' || person_id as event_id,
        account_id,
        person_id,
        became_sql_at as event_at,
        'sql' as event_type,
        source_systems as event_source_system,
        email as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from people
    where became_sql_at is not null and account_id is not null

    union all

    select
        'opportunity_created|' || opportunity_id as event_id,
        account_id,
        person_id,
        created_at as event_at,
        'opportunity_created' as event_type,
        source_system as event_source_system,
        opportunity_type as event_detail,
        amount,
        currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from opportunities
    where account_id is not null and not is_deleted

    union all

    select
        'stage_change|' || stage_change_id as event_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        changed_at as event_at,
        'stage_change' as event_type,
        source_system as event_source_system,
        stage_name as event_detail,
        amount,
        currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from stage_changes
    where stage_category = 'open' and account_id is not null and change_sequence > 1

    union all

    select
        case
            when is_won and opportunity_type = 'renewal' then 'renewal|'
            when is_won then 'opportunity_won|'
            else 'opportunity_lost|'
        end || opportunity_id as event_id,
        account_id,
        person_id,
        closed_at as event_at,
        case
            when is_won and opportunity_type = 'renewal' then 'renewal'
            when is_won then 'opportunity_won'
            else 'opportunity_lost'
        end as event_type,
        source_system as event_source_system,
        opportunity_type as event_detail,
        amount,
        currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from opportunities
    where is_closed and closed_at is not null and account_id is not null and not is_deleted

    union all

    select
        'subscription_started|' || source_system || ':' || source_record_id as event_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(start_date as {{ dbt.type_timestamp() }}) as event_at,
        'subscription_started' as event_type,
        source_system as event_source_system,
        product_name as event_detail,
        12 * mrr as amount,
        currency as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from subscriptions
    where account_id is not null and start_date is not null and not is_deleted

    union all

    select
        'churn|' || account_id as event_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(churned_on as {{ dbt.type_timestamp() }}) as event_at,
        'churn' as event_type,
        '{{ cs_platform.system }}' as event_source_system,
        cast(null as {{ dbt.type_string() }}) as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from subscription_churns
    where churned_on is not null

    union all

    select
        'ticket|' || ticket_id as event_id,
        account_id,
        person_id,
        created_at as event_at,
        'ticket' as event_type,
        source_system as event_source_system,
        subject as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from tickets
    where account_id is not null and not is_deleted

    union all

    select
        'sales_activity|' || activity_id as event_id,
        account_id,
        person_id,
        occurred_at as event_at,
        'sales_activity' as event_type,
        source_system as event_source_system,
        activity_type || coalesce(' ' || direction, '') as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        loaded_at
    from activities
    where account_id is not null

    union all

    select
        'health_change|' || account_snapshot_id as event_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(snapshot_date as {{ dbt.type_timestamp() }}) as event_at,
        'health_change' as event_type,
        '{{ cs_platform.system }}' as event_source_system,
        cast(previous_health_score as {{ dbt.type_string() }}) || ' -> '
        || cast(health_score as {{ dbt.type_string() }}) as event_detail,
        health_score - previous_health_score as amount,
        cast(null as {{ dbt.type_string() }}) as currency_code,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from health_snapshots
    where previous_health_score is not null and health_score <> previous_health_score

),

staged as (  -- events of accounts in dim_accounts only (an account merged into another has no row there)

    select
        events.*,
        {{ journey_stage_rank('events.event_type') }} as stage_rank,
        {{ journey_customer_event_at('events.event_type', 'events.event_at') }} as customer_event_at,
        {{ journey_churn_event_at('events.event_type', 'events.event_at') }} as churn_event_at
    from events
    inner join accounts on events.account_id = accounts.account_id
    where events.event_at is not null

),

sequenced as (

    select
        staged.*,
        row_number() over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
        ) as event_sequence
    from staged

),

running as (

    select
        sequenced.*,
        max(sequenced.stage_rank) over (
            partition by sequenced.account_id
            order by sequenced.event_sequence rows between unbounded preceding and current row
        ) as running_stage_rank,
        max(sequenced.customer_event_at) over (
            partition by sequenced.account_id
            order by sequenced.event_sequence rows between unbounded preceding and current row
        ) as last_customer_event_at,
        max(sequenced.churn_event_at) over (
            partition by sequenced.account_id
            order by sequenced.event_sequence rows between unbounded preceding and current row
        ) as last_churn_event_at,
        lag(sequenced.event_at)
            over (partition by sequenced.account_id order by sequenced.event_sequence)
            as previous_event_at
    from sequenced

),

final as (

    select
        event_id,
        account_id,
        person_id,
        event_sequence,
        event_at,
        event_type,
        event_source_system,
        event_detail,
        amount,
        currency_code,
        case
            when
                last_churn_event_at is not null
                and (last_customer_event_at is null or last_churn_event_at >= last_customer_event_at)
                then 'churned'
            when running_stage_rank = 5 then 'customer'
            when running_stage_rank = 4 then 'opportunity'
            when running_stage_rank = 3 then 'sql'
            when running_stage_rank = 2 then 'mql'
            when running_stage_rank = 1 then 'engaged'
            else 'prospect'
        end as account_stage,
        previous_event_at,
        {{ dbt.datediff('previous_event_at', 'event_at', 'minute') }} as minutes_since_previous_event,
        loaded_at
    from running

)

select * from final
