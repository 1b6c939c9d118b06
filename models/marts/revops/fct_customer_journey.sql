{#- Incremental, on event_id. A run compares every event with the built row of the same id (one full outer join).
    An account with a changed, moved or vanished event, or with a new event that sorts before its last built one, is
    recomputed whole (the sequence, account stage and time since the previous event depend on the account's earlier
    events). An account that only gained events after its last built one keeps its rows: the new rows continue from
    that last row's sequence and running stage. A vanished event gets a tombstone row (event_sequence null) that
    replaces its row; the post-hooks delete the tombstones and the rows of accounts that no longer exist (merged
    into another by identity resolution). Same rows as a full refresh. -#}
-- depends_on: {{ ref('dim_accounts') }}
{{
    config(
        materialized='incremental',
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook=[
            "delete from {{ this }} where event_sequence is null",
            """
            delete from {{ this }}
            where not exists (
                select 1 from {{ ref('dim_accounts') }} as accounts
                where accounts.account_id = {{ this }}.account_id
            )
            """,
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

staged as (

    select
        events.*,
        {{ journey_stage_rank('events.event_type') }} as stage_rank,
        {{ journey_customer_event_at('events.event_type', 'events.event_at') }} as customer_event_at,
        {{ journey_churn_event_at('events.event_type', 'events.event_at') }} as churn_event_at
    from events
    where events.event_at is not null

),

{% if is_incremental() %}
    compared as (  -- new, changed or reloaded events, and vanished ones, with the account each one was on

        select
            coalesce(staged.event_id, existing.event_id) as event_id,
            staged.account_id,
            staged.event_at,
            staged.stage_rank,
            existing.account_id as previous_account_id,
            existing.event_id is null as is_new,
            staged.event_id is null as is_vanished
        from staged
        full outer join {{ this }} as existing on staged.event_id = existing.event_id
        where
            existing.event_id is null
            or staged.event_id is null
            or {{ any_column_differs('staged', 'existing', [
                'account_id', 'event_at', 'event_detail', 'amount', 'person_id', 'event_source_system', 'loaded_at',
            ]) }}

    ),

    changed_events as (

        select
            event_id,
            account_id,
            event_at,
            stage_rank,
            previous_account_id,
            is_new
        from compared
        where not is_vanished

    ),

    vanished_events as (

        select
            event_id,
            previous_account_id as account_id
        from compared
        where is_vanished

    ),

    gaining_accounts as (

        select distinct account_id from changed_events
        where is_new

    ),

    account_tails as (  -- running state at the last built event of each account that gained events

        select
            existing.account_id,
            max(existing.event_sequence) as event_sequence,
            max({{ journey_stage_rank('existing.event_type') }}) as stage_rank,
            max({{ journey_customer_event_at('existing.event_type', 'existing.event_at') }}) as customer_event_at,
            max({{ journey_churn_event_at('existing.event_type', 'existing.event_at') }}) as churn_event_at
        from {{ this }} as existing
        inner join gaining_accounts on existing.account_id = gaining_accounts.account_id
        group by existing.account_id

    ),

    last_events as (

        select
            account_tails.*,
            existing.event_id,
            existing.event_at,
            {{ journey_stage_rank('existing.event_type') }} as last_stage_rank
        from account_tails
        inner join {{ this }} as existing
            on
                account_tails.account_id = existing.account_id
                and account_tails.event_sequence = existing.event_sequence

    ),

    recomputed_accounts as (  -- accounts whose built timeline changes: recomputed whole

        select account_id from changed_events
        where not is_new
        union
        select previous_account_id as account_id from changed_events
        where not is_new and previous_account_id is not null
        union
        select account_id from vanished_events
        where account_id is not null
        union
        select changed_events.account_id
        from changed_events
        inner join last_events on changed_events.account_id = last_events.account_id
        where  -- a new event that sorts before the account's last built event shifts the sequence
            changed_events.is_new
            and not (
                changed_events.event_at > last_events.event_at
                or (
                    changed_events.event_at = last_events.event_at
                    and (
                        changed_events.stage_rank > last_events.last_stage_rank
                        or (
                            changed_events.stage_rank = last_events.last_stage_rank
                            and changed_events.event_id > last_events.event_id
                        )
                    )
                )
            )

    ),

    selected_events as (

        select  -- every event of a recomputed account
            staged.*,
            false as is_tail,
            0 as sequence_offset
        from staged
        inner join recomputed_accounts on staged.account_id = recomputed_accounts.account_id

        union all

        select  -- the new events of an account that only gained events after its last built one
            staged.*,
            false as is_tail,
            coalesce(last_events.event_sequence - 1, 0) as sequence_offset
        from staged
        inner join changed_events on staged.event_id = changed_events.event_id
        left join last_events on staged.account_id = last_events.account_id
        where
            changed_events.is_new
            and staged.account_id not in (select recomputed_accounts.account_id from recomputed_accounts)

        union all

        select  -- and that account's last built event, carrying the running state the new events continue
            last_events.event_id,
            last_events.account_id,
            null as person_id,
            last_events.event_at,
            null as event_type,
            null as event_source_system,
            null as event_detail,
            null as amount,
            null as loaded_at,
            last_events.stage_rank,
            last_events.customer_event_at,
            last_events.churn_event_at,
            true as is_tail,
            last_events.event_sequence - 1 as sequence_offset
        from last_events
        where last_events.account_id not in (select recomputed_accounts.account_id from recomputed_accounts)

    ),
{% else %}
    selected_events as (

        select
            staged.*,
            false as is_tail,
            0 as sequence_offset
        from staged

    ),
{% endif %}

sequenced as (

    select
        selected_events.*,
        selected_events.sequence_offset + row_number() over (
            partition by selected_events.account_id
            order by
                case when selected_events.is_tail then 0 else 1 end asc,
                selected_events.event_at asc,
                selected_events.stage_rank asc,
                selected_events.event_id asc
        ) as event_sequence
    from selected_events

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
    where not is_tail

)

select * from final
{% if is_incremental() %}
    union all
    select  -- tombstone of an event no longer produced: replaces its row, then the post-hook deletes it
        vanished_events.event_id,
        null as account_id,
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
    from vanished_events
{% endif %}
