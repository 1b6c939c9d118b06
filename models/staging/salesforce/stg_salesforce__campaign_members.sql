{{ config(unique_key='campaign_member_id') }}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'campaign_member'), key_columns=['id']) }}

),

date_orders as (

    {{ date_orders_by_batch('salesforce', 'campaign_member') }}

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
        {{ clean_salesforce_id('id') }} as campaign_member_id,
        {{ clean_salesforce_id('campaign_id') }} as campaign_id,
        {{ clean_salesforce_id('lead_id') }} as lead_id,
        {{ clean_salesforce_id('contact_id') }} as contact_id,
        {{ null_if_blank('status') }} as member_status,
        coalesce({{ parse_boolean('has_responded') }}, false) as has_responded,
        {{ parse_date('first_responded_date', date_order='_first_responded_date__date_order') }}
            as first_responded_date,
        {{ parse_timestamp('created_date', date_order='_created_date__date_order') }} as created_at,
        {{ parse_timestamp('system_modstamp', date_order='_system_modstamp__date_order') }} as system_modified_at,
        coalesce({{ parse_boolean('is_deleted') }}, false) as is_deleted_in_source,
        has_vanished,
        coalesce({{ parse_boolean('is_deleted') }}, false) or has_vanished as is_deleted,
        _first_export_date,
        _content_hash,
        _export_date,
        _batch_id,
        _loaded_at

    from latest_with_date_orders

)

select * from renamed
