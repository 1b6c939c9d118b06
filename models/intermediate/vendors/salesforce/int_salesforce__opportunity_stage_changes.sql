{#- Stage changes Salesforce recorded (OpportunityHistory), plus changes only the weekly exports reveal: a stage
    seen in a snapshot that no history row records (timestamped with the snapshot date: observed by then). -#}
with histories as (

    select * from {{ ref('stg_salesforce__opportunity_histories') }}

),

snapshots as (

    select * from {{ ref('stg_salesforce__opportunity_snapshots') }}

),

recorded_changes as (

    select
        'salesforce' as source_system,
        'OpportunityHistory' as source_object,
        opportunity_history_id as source_record_id,
        opportunity_id,
        from_stage_name,
        stage_name,
        amount,
        close_date,
        created_at as changed_at,
        'history' as change_evidence,
        _loaded_at as loaded_at
    from histories
    where not is_deleted

),

observed_changes as (

    select
        'salesforce' as source_system,
        'OpportunitySnapshot' as source_object,
        snapshots.opportunity_snapshot_id as source_record_id,
        snapshots.opportunity_id,
        snapshots.previous_stage_name as from_stage_name,
        snapshots.stage_name,
        snapshots.amount,
        snapshots.close_date,
        cast(snapshots.snapshot_date as {{ dbt.type_timestamp() }}) as changed_at,
        'snapshot' as change_evidence,
        snapshots._loaded_at as loaded_at
    from snapshots
    where
        (snapshots.has_stage_changed or snapshots.is_first_snapshot)
        and not exists (
            select 1
            from recorded_changes
            where
                recorded_changes.opportunity_id = snapshots.opportunity_id
                and recorded_changes.stage_name = snapshots.stage_name
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
        from_stage_name,
        stage_name,
        case
            when lower(stage_name) like '%won%' then 'won'
            when lower(stage_name) like '%lost%' then 'lost'
            else 'open'
        end as stage_category,
        amount,
        close_date,
        changed_at,
        change_evidence,
        loaded_at
    from changes

)

select * from canonical
