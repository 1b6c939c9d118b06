with tickets as (

    select * from {{ ref('stg_zendesk__tickets') }}

),

canonical as (

    select
        'zendesk' as source_system,
        'tickets' as source_object,
        ticket_id as source_record_id,
        {{ record_reference('account_source', 'zendesk', {'organization_id': 'organizations'}) }},
        {{ record_reference('person_source', 'zendesk', {'requester_id': 'users'}) }},
        subject,
        ticket_status,
        priority,
        channel,
        -- only a rating the customer gave is a satisfaction answer; offered / unoffered mean none
        case when satisfaction_score in ('good', 'bad') then satisfaction_score end as satisfaction,
        first_reply_time_minutes as first_reply_minutes,
        full_resolution_time_minutes as full_resolution_minutes,
        created_at,
        solved_at,
        -- Zendesk's "unsolved" statuses
        ticket_status in ('new', 'open', 'pending', 'hold') as is_open,
        is_deleted,
        updated_at,
        _loaded_at as loaded_at
    from tickets

)

select * from canonical
