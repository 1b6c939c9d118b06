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

events as (  -- journey_event: event_id '<event_type>|<key>', columns not given are nulls

    select
        {{ journey_event(
            "'first_touch'", 'touchpoints.touchpoint_id', 'touchpoints.occurred_at', 'touchpoints.source_system',
            'touchpoints.touchpoint_type', account_id='touchpoints.account_id', person_id='touchpoints.person_id',
            loaded_at='touchpoints.loaded_at'
        ) }}
    from touchpoints
    inner join first_touches on touchpoints.touchpoint_id = first_touches.touchpoint_id

    union all

    select
        {{ journey_event(
            "'form_submission'", 'touchpoint_id', 'occurred_at', 'source_system', 'campaign_name',
            person_id='person_id', loaded_at='loaded_at'
        ) }}
    from touchpoints
    where touchpoint_type = 'form_submission' and account_id is not null

    union all
    {%- for stage in ['mql', 'sql'] %}

        select
            {{ journey_event(
                "'" ~ stage ~ "'", 'person_id', 'became_' ~ stage ~ '_at', 'source_systems', 'email',
                person_id='person_id'
            ) }}
        from people
        where became_{{ stage }}_at is not null and account_id is not null

        union all
    {%- endfor %}

    select
        {{ journey_event(
            "'opportunity_created'", 'opportunity_id', 'created_at', 'source_system', 'opportunity_type',
            person_id='person_id', amount='amount', currency_code='currency_code'
        ) }}
    from opportunities
    where account_id is not null and not is_deleted

    union all

    select
        {{ journey_event(
            "'stage_change'", 'stage_change_id', 'changed_at', 'source_system', 'stage_name',
            amount='amount', currency_code='currency_code'
        ) }}
    from stage_changes
    where stage_category = 'open' and account_id is not null and change_sequence > 1

    union all

    select
        {{ journey_event(
            "case
                when is_won and opportunity_type = 'renewal' then 'renewal'
                when is_won then 'opportunity_won'
                else 'opportunity_lost'
            end",
            'opportunity_id', 'closed_at', 'source_system', 'opportunity_type',
            person_id='person_id', amount='amount', currency_code='currency_code'
        ) }}
    from opportunities
    where is_closed and closed_at is not null and account_id is not null and not is_deleted

    union all

    select
        {{ journey_event(
            "'subscription_started'", "source_system || ':' || source_record_id",
            'cast(start_date as ' ~ dbt.type_timestamp() ~ ')', 'source_system', 'product_name',
            amount='12 * mrr', currency_code='currency'
        ) }}
    from subscriptions
    where account_id is not null and start_date is not null and not is_deleted

    union all

    select
        {{ journey_event(
            "'churn'", 'account_id', 'cast(churned_on as ' ~ dbt.type_timestamp() ~ ')',
            "'" ~ cs_platform.system ~ "'", 'cast(null as ' ~ dbt.type_string() ~ ')'
        ) }}
    from subscription_churns
    where churned_on is not null

    union all

    select
        {{ journey_event(
            "'ticket'", 'ticket_id', 'created_at', 'source_system', 'subject', person_id='person_id'
        ) }}
    from tickets
    where account_id is not null and not is_deleted

    union all

    select
        {{ journey_event(
            "'sales_activity'", 'activity_id', 'occurred_at', 'source_system',
            "activity_type || coalesce(' ' || direction, '')", person_id='person_id', loaded_at='loaded_at'
        ) }}
    from activities
    where account_id is not null

    union all

    select
        {{ journey_event(
            "'health_change'", 'account_snapshot_id', 'cast(snapshot_date as ' ~ dbt.type_timestamp() ~ ')',
            "'" ~ cs_platform.system ~ "'",
            float_text('previous_health_score') ~ " || ' -> ' || " ~ float_text('health_score'),
            amount='health_score - previous_health_score'
        ) }}
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

running as (  -- one ordering serves every window: (event_at, stage_rank, event_id) is unique per account

    select
        staged.*,
        row_number() over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
        ) as event_sequence,
        max(staged.stage_rank) over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
            rows between unbounded preceding and current row
        ) as running_stage_rank,
        max(staged.customer_event_at) over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
            rows between unbounded preceding and current row
        ) as last_customer_event_at,
        max(staged.churn_event_at) over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
            rows between unbounded preceding and current row
        ) as last_churn_event_at,
        lag(staged.event_at) over (
            partition by staged.account_id
            order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
        ) as previous_event_at
    from staged

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
