{#- HubSpot activities (calls, meetings, e-mails, notes), one full export of every activity object or one file per
    object. Call durations are exported in milliseconds (hs_call_duration); call_duration_seconds is in seconds. -#}

{{ config(unique_key='engagement_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'engagements', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as engagement_id,
        lower({{ null_if_blank('activity_type') }}) as activity_type,
        {{ null_if_blank('subject') }} as subject,
        {{ null_if_blank('activity_owner') }} as owner_name,
        {{ list_first_item('associated_contact_ids') }} as contact_id,
        {{ null_if_blank('associated_contact_ids') }} as associated_contact_ids,
        {{ list_first_item('associated_company_ids') }} as company_id,
        {{ null_if_blank('associated_company_ids') }} as associated_company_ids,
        {{ list_first_item('associated_deal_ids') }} as deal_id,
        {{ null_if_blank('associated_deal_ids') }} as associated_deal_ids,
        {{ null_if_blank('associated_contact') }} as associated_contact,
        {{ null_if_blank('associated_company') }} as associated_company,
        lower({{ null_if_blank('call_direction') }}) as call_direction,
        {{ parse_integer('call_duration') }} / 1000 as call_duration_seconds,
        lower({{ null_if_blank('call_status') }}) as call_status,
        lower({{ null_if_blank('email_direction') }}) as email_direction,
        {{ hubspot_timestamp('activity_date') }} as activity_at,
        {{ hubspot_timestamp('meeting_start_time') }} as meeting_started_at,
        {{ hubspot_timestamp('meeting_end_time') }} as meeting_ended_at,
        {{ hubspot_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
