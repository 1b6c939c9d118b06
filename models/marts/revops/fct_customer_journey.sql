{#- Incremental: a run recomputes the whole timeline of every account that has an event landed since the newest
    loaded_at in the table, an event that is new or changed (time, account, person, detail, source systems) since
    the last run, or an event that is no longer produced (its record deleted, or a derived event such as the first
    touch moved to another touch), and replaces those accounts' rows (unique_key account_id): the sequence, account stage and
    time since the previous event depend on the account's earlier events, so a partial timeline is never
    written. An affected account left without any event gets one placeholder row (event_id null) so that
    delete+insert clears its old timeline; the post-hooks remove the placeholders and the timelines of accounts
    that no longer exist (merged into another by identity resolution). Same rows as a full refresh. -#}
-- depends_on: {{ ref('dim_accounts') }}
{{
    config(
        materialized='incremental',
        unique_key='account_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook=[
            """
            delete from {{ this }}
            where not exists (
                select 1 from {{ ref('dim_accounts') }} as accounts
                where accounts.account_id = {{ this }}.account_id
            )
            """,
            "delete from {{ this }} where event_id is null",
        ],
    )
}}

with touchpoints as (

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

first_touches as (

    select
        touchpoints.*,
        row_number() over (
            partition by touchpoints.account_id order by touchpoints.occurred_at asc, touchpoints.touchpoint_id asc
        ) as touch_rank
    from touchpoints
    where touchpoints.account_id is not null

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
        'first_touch|' || touchpoint_id as event_id,
        account_id,
        person_id,
        occurred_at as event_at,
        'first_touch' as event_type,
        source_system as event_source_system,
        touchpoint_type as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        loaded_at
    from first_touches
    where touch_rank = 1

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
        'gainsight' as event_source_system,
        cast(null as {{ dbt.type_string() }}) as event_detail,
        cast(null as {{ dbt.type_numeric() }}) as amount,
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
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from tickets
    where account_id is not null and not is_deleted

    union all

    select
        'health_change|' || account_snapshot_id as event_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(snapshot_date as {{ dbt.type_timestamp() }}) as event_at,
        'health_change' as event_type,
        'gainsight' as event_source_system,
        cast(previous_health_score as {{ dbt.type_string() }}) || ' -> '
        || cast(health_score as {{ dbt.type_string() }}) as event_detail,
        health_score - previous_health_score as amount,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    from health_snapshots
    where previous_health_score is not null and health_score <> previous_health_score

),

{% if is_incremental() %}
    changed_events as (

        select
            events.account_id,
            existing.account_id as previous_account_id
        from events
        left join {{ this }} as existing on events.event_id = existing.event_id
        where
            events.loaded_at > (select max(previous_load.loaded_at) from {{ this }} as previous_load)
            or existing.event_id is null
            or events.account_id is distinct from existing.account_id
            or events.event_at is distinct from existing.event_at
            or events.event_detail is distinct from existing.event_detail
            or events.amount is distinct from existing.amount
            or events.person_id is distinct from existing.person_id
            or events.event_source_system is distinct from existing.event_source_system

    ),

    vanished_events as (

        select existing.account_id
        from {{ this }} as existing
        left join events on existing.event_id = events.event_id
        where events.event_id is null

    ),

    affected_accounts as (

        select account_id from changed_events
        union
        select previous_account_id as account_id from changed_events
        where previous_account_id is not null
        union
        select account_id from vanished_events

    ),
{% endif %}

selected_events as (

    select events.*
    from events
    {% if is_incremental() %}
        inner join affected_accounts on events.account_id = affected_accounts.account_id
    {% endif %}
    where events.event_at is not null

),

staged as (

    select
        selected_events.*,
        case selected_events.event_type
            when 'first_touch' then 1
            when 'form_submission' then 1
            when 'mql' then 2
            when 'sql' then 3
            when 'opportunity_created' then 4
            when 'stage_change' then 4
            when 'opportunity_lost' then 4
            when 'opportunity_won' then 5
            when 'renewal' then 5
            when 'subscription_started' then 5
            else 0
        end as stage_rank,
        case
            when
                selected_events.event_type in ('opportunity_won', 'renewal', 'subscription_started')
                then selected_events.event_at
        end as customer_event_at,
        case when selected_events.event_type = 'churn' then selected_events.event_at end as churn_event_at
    from selected_events

),

sequenced as (

    select
        staged.*,
        row_number() over (
            partition by staged.account_id order by staged.event_at asc, staged.stage_rank asc, staged.event_id asc
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
{% if is_incremental() %}
    union all
    select  -- placeholder of an affected account left without events (see the header)
        null as event_id,
        affected_accounts.account_id,
        null as person_id,
        null as event_sequence,
        null as event_at,
        null as event_type,
        null as event_source_system,
        null as event_detail,
        null as amount,
        null as account_stage,
        null as previous_event_at,
        null as minutes_since_previous_event,
        null as loaded_at
    from affected_accounts
    where
        affected_accounts.account_id is not null
        and not exists (
            select 1 from final
            where final.account_id = affected_accounts.account_id
        )
{% endif %}
