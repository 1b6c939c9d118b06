{#- Incremental export: events are immutable, a re-sent event keeps the newest copy. -#}
{{ config(unique_key='email_event_id') }}

with latest as (

    {{ reduce_snapshots(source('hubspot', 'email_events'), key_columns=['event_id'], updated_at='occurred_at') }}

),

renamed as (

    select
        {{ null_if_blank('event_id') }} as email_event_id,
        {{ null_if_blank('email_campaign_id') }} as email_campaign_id,
        lower({{ null_if_blank('recipient') }}) as email,
        upper({{ null_if_blank('event_type') }}) as event_type,
        {{ null_if_blank('campaign_name') }} as campaign_name,
        {{ hubspot_timestamp('occurred_at', batch_date_order=false) }} as occurred_at,
        has_vanished,
        {{ lineage_columns() | indent(8) }}

    from latest

)

select * from renamed
