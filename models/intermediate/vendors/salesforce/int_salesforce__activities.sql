{#- Salesforce activities: Tasks (calls, e-mails, to-dos: TaskSubtype, else Type, says which) and Events
    (meetings). The person is the WhoId (key prefix 00Q a Lead, 003 a Contact), the opportunity the WhatId when it
    is one (prefix 006), the account AccountId, else a WhatId that is an Account (001).
    occurred_at: a task's completion (CompletedDateTime), else its creation, else its date-only due date; an event's
    start, else its ActivityDateTime, else its date. -#}
with tasks as (

    select * from {{ ref('stg_salesforce__tasks') }}

),

events as (

    select * from {{ ref('stg_salesforce__events') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

task_activities as (

    select
        'Task' as source_object,
        task_id as source_record_id,
        coalesce(task_subtype, task_type) as source_activity_type,
        {{ activity_type('coalesce(task_subtype, task_type)') }} as activity_type,
        {{ activity_direction('call_type') }} as direction,
        coalesce(completed_at, created_at, cast(activity_date as {{ dbt.type_timestamp() }})) as occurred_at,
        call_duration_seconds / 60.0 as duration_minutes,
        subject,
        owner_id,
        who_id,
        what_id,
        account_id,
        is_deleted,
        _loaded_at as loaded_at
    from tasks

),

event_activities as (

    select
        'Event' as source_object,
        event_id as source_record_id,
        coalesce(event_subtype, event_type, 'Event') as source_activity_type,
        'meeting' as activity_type,
        cast(null as {{ dbt.type_string() }}) as direction,
        coalesce(started_at, activity_at, cast(activity_date as {{ dbt.type_timestamp() }})) as occurred_at,
        coalesce(
            cast(duration_minutes as {{ dbt.type_numeric() }}),
            {{ dbt.datediff('started_at', 'ended_at', 'minute') }}
        ) as duration_minutes,
        subject,
        owner_id,
        who_id,
        what_id,
        account_id,
        is_deleted,
        _loaded_at as loaded_at
    from events

),

activities as (

    select * from task_activities
    union all
    select * from event_activities

),

canonical as (

    select
        'salesforce' as source_system,
        activities.source_object,
        activities.source_record_id,
        activities.activity_type,
        activities.source_activity_type,
        activities.direction,
        activities.occurred_at,
        activities.duration_minutes,
        activities.subject,
        users.full_name as owner_name,
        case when substring(activities.who_id, 1, 3) in ('00Q', '003') then 'salesforce' end as person_source_system,
        case substring(activities.who_id, 1, 3) when '00Q' then 'Lead' when '003' then 'Contact' end
            as person_source_object,
        case when substring(activities.who_id, 1, 3) in ('00Q', '003') then activities.who_id end
            as person_source_record_id,
        case
            when activities.account_id is not null or substring(activities.what_id, 1, 3) = '001' then 'salesforce'
        end as account_source_system,
        case
            when activities.account_id is not null or substring(activities.what_id, 1, 3) = '001' then 'Account'
        end as account_source_object,
        coalesce(
            activities.account_id,
            case when substring(activities.what_id, 1, 3) = '001' then activities.what_id end
        ) as account_source_record_id,
        case when substring(activities.what_id, 1, 3) = '006' then 'salesforce' end as opportunity_source_system,
        case when substring(activities.what_id, 1, 3) = '006' then 'Opportunity' end as opportunity_source_object,
        case when substring(activities.what_id, 1, 3) = '006' then activities.what_id end
            as opportunity_source_record_id,
        activities.is_deleted,
        activities.loaded_at
    from activities
    left join users on activities.owner_id = users.user_id

)

select * from canonical
