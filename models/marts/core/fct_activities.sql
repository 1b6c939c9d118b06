{#- One row per sales activity (call, meeting, e-mail, task, note) of every system, deleted ones left out. -#}
with activities as (

    select * from {{ ref('int_activities_unioned') }}

),

final as (

    select
        activity_id,
        person_id,
        account_id,
        opportunity_id,
        occurred_at,
        activity_type,
        source_activity_type,
        direction,
        duration_minutes,
        subject,
        owner_name as owner,
        source_system,
        source_object,
        source_record_id,
        loaded_at
    from activities
    where not is_deleted and occurred_at is not null

)

select * from final
