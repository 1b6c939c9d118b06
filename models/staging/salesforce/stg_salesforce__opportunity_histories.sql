{{ config(unique_key='opportunity_history_id') }}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'opportunity_history'), key_columns=['id']) }}

),

date_orders as (

    {{ date_orders_by_batch('salesforce', 'opportunity_history') }}

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
        {{ clean_salesforce_id('id') }} as opportunity_history_id,
        {{ clean_salesforce_id('opportunity_id') }} as opportunity_id,
        {{ null_if_blank('stage_name') }} as stage_name,
        {{ null_if_blank('from_stage_name') }} as from_stage_name,
        {{ null_if_blank('forecast_category') }} as forecast_category,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_decimal('probability', 5, 2) }} as probability,
        {{ parse_date('close_date', date_order='_close_date__date_order') }} as close_date,
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
