{{ config(unique_key='ticket_id') }}

with latest as (

    {{ reduce_snapshots(source('zendesk', 'tickets'), key_columns=['id'], updated_at='updated_at') }}

),

renamed as (

    select
        {{ null_if_blank('id') }} as ticket_id,
        {{ null_if_blank('requester_id') }} as requester_id,
        {{ null_if_blank('assignee_id') }} as assignee_id,
        {{ null_if_blank('organization_id') }} as organization_id,
        lower({{ null_if_placeholder('requester_email') }}) as requester_email,
        {{ null_if_blank('subject') }} as subject,
        {{ zendesk_ticket_status('status') }} as ticket_status,
        lower({{ null_if_blank('priority') }}) as priority,
        lower({{ null_if_blank('ticket_type') }}) as ticket_type,
        lower({{ null_if_blank('channel') }}) as channel,
        {{ null_if_blank('tags') }} as tags,
        lower({{ null_if_blank('satisfaction_score') }}) as satisfaction_score,
        {{ parse_integer('first_reply_time_minutes') }} as first_reply_time_minutes,
        {{ parse_integer('full_resolution_time_minutes') }} as full_resolution_time_minutes,
        {{ parse_timestamp('solved_at') }} as solved_at,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ zendesk_ticket_status('status') }} = 'deleted' as is_deleted_in_source,
        has_vanished,
        {{ zendesk_ticket_status('status') }} = 'deleted' or has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest

)

select * from renamed
