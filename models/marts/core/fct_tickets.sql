with tickets as (

    select * from {{ ref('int_tickets_unioned') }}

),

final as (

    select
        ticket_id,
        account_id,
        person_id,
        source_system,
        source_record_id,
        subject,
        ticket_status,
        priority,
        channel,
        created_at,
        solved_at,
        first_reply_minutes,
        full_resolution_minutes,
        satisfaction,
        is_open and not is_deleted as is_open,
        is_deleted
    from tickets

)

select * from final
