{{
    config(
        materialized='incremental',
        unique_key='campaign_member_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
    )
}}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'campaign_member'), key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as campaign_member_id,
        {{ clean_salesforce_id('campaign_id') }} as campaign_id,
        {{ clean_salesforce_id('lead_id') }} as lead_id,
        {{ clean_salesforce_id('contact_id') }} as contact_id,
        {{ null_if_blank('status') }} as member_status,
        coalesce({{ parse_boolean('has_responded') }}, false) as has_responded,
        {{ parse_date('first_responded_date') }} as first_responded_date,
        {{ parse_timestamp('created_date') }} as created_at,
        {{ parse_timestamp('system_modstamp') }} as system_modified_at,
        coalesce({{ parse_boolean('is_deleted') }}, false) as is_deleted_in_source,
        has_vanished,
        coalesce({{ parse_boolean('is_deleted') }}, false) or has_vanished as is_deleted,
        _first_export_date,
        _content_hash,
        _export_date,
        _batch_id,
        _loaded_at

    from latest

)

select * from renamed
