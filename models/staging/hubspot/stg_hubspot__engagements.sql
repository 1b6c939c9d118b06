{#- HubSpot activities (calls, meetings, e-mails, notes), one full export of every activity object or one file per
    object. Call durations are exported in milliseconds (hs_call_duration); call_duration_seconds is in seconds. -#}
{%- set tz = var('revops_hubspot_timezone', 'UTC') -%}

{{ config(unique_key='engagement_id') }}

with latest as (

    {{ reduce_snapshots(source('hubspot', 'engagements'), key_columns=['record_id']) }}

),

date_orders as (

    {{ date_orders_by_batch('hubspot', 'engagements') }}

),

latest_with_date_orders as (

    select
        latest.*,
        date_orders.*
    from latest
    left join date_orders on latest._batch_id = date_orders._date_order_batch_id

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
        {{ parse_timestamp('activity_date', tz, date_order='_activity_date__date_order') }} as activity_at,
        {{ parse_timestamp('meeting_start_time', tz, date_order='_meeting_start_time__date_order') }}
            as meeting_started_at,
        {{ parse_timestamp('meeting_end_time', tz, date_order='_meeting_end_time__date_order') }}
            as meeting_ended_at,
        {{ parse_timestamp('create_date', tz, date_order='_create_date__date_order') }} as created_at,
        {{ parse_timestamp('last_modified_date', tz, date_order='_last_modified_date__date_order') }}
            as last_modified_at,
        has_vanished,
        has_vanished as is_deleted,
        _first_export_date,
        _content_hash,
        _export_date,
        _batch_id,
        _loaded_at

    from latest_with_date_orders

)

select * from renamed
