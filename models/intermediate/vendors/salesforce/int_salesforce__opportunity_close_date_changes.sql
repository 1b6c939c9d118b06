{#- Close-date changes Salesforce recorded (successive OpportunityHistory rows of an opportunity whose CloseDate
    differs), plus changes only the weekly exports reveal: a close date that differs from the previous export's,
    unless a history row between the two exports already records the move to that date. -#}
with histories as (

    select * from {{ ref('stg_salesforce__opportunity_histories') }}

),

snapshots as (

    select * from {{ ref('stg_salesforce__opportunity_snapshots') }}

),

history_sequence as (

    select
        opportunity_history_id,
        opportunity_id,
        lag(close_date) over (
            partition by opportunity_id
            order by created_at asc, opportunity_history_id asc
        ) as from_close_date,
        close_date,
        created_at,
        _loaded_at
    from histories
    where not is_deleted and close_date is not null

),

recorded_changes as (

    select
        'salesforce' as source_system,
        'OpportunityHistory' as source_object,
        opportunity_history_id as source_record_id,
        opportunity_id,
        from_close_date,
        close_date,
        created_at as changed_at,
        'history' as change_evidence,
        _loaded_at as loaded_at
    from history_sequence
    where from_close_date is not null and close_date <> from_close_date

),

snapshot_sequence as (

    select
        opportunity_snapshot_id,
        opportunity_id,
        snapshot_date,
        lag(snapshot_date) over (partition by opportunity_id order by snapshot_date) as previous_snapshot_date,
        previous_close_date,
        close_date,
        has_close_date_changed,
        _loaded_at
    from snapshots

),

observed_changes as (

    select
        'salesforce' as source_system,
        'OpportunitySnapshot' as source_object,
        snapshot_sequence.opportunity_snapshot_id as source_record_id,
        snapshot_sequence.opportunity_id,
        snapshot_sequence.previous_close_date as from_close_date,
        snapshot_sequence.close_date,
        cast(snapshot_sequence.snapshot_date as {{ dbt.type_timestamp() }}) as changed_at,
        'snapshot' as change_evidence,
        snapshot_sequence._loaded_at as loaded_at
    from snapshot_sequence
    where
        snapshot_sequence.has_close_date_changed
        and snapshot_sequence.previous_close_date is not null
        and snapshot_sequence.close_date is not null
        and not exists (
            select 1
            from recorded_changes
            where
                recorded_changes.opportunity_id = snapshot_sequence.opportunity_id
                and recorded_changes.close_date = snapshot_sequence.close_date
                and cast(recorded_changes.changed_at as date) > snapshot_sequence.previous_snapshot_date
                and cast(recorded_changes.changed_at as date) <= snapshot_sequence.snapshot_date
        )

),

changes as (

    select * from recorded_changes
    union all
    select * from observed_changes

),

canonical as (

    select
        source_system,
        source_object,
        source_record_id,
        'salesforce' as opportunity_source_system,
        'Opportunity' as opportunity_source_object,
        opportunity_id as opportunity_source_record_id,
        from_close_date,
        close_date,
        changed_at,
        change_evidence,
        loaded_at
    from changes

)

select * from canonical
