{{ config(unique_key='event_id') }}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'event'), key_columns=['id']) }}

),

date_orders as (

    {{ date_orders_by_batch('salesforce', 'event') }}

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
        {{ clean_salesforce_id('id') }} as event_id,
        {{ clean_salesforce_id('who_id') }} as who_id,
        {{ clean_salesforce_id('what_id') }} as what_id,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('subject') }} as subject,
        {{ null_if_blank('event_subtype') }} as event_subtype,
        {{ null_if_blank('type') }} as event_type,
        {{ parse_timestamp('start_date_time', date_order='_start_date_time__date_order') }} as started_at,
        {{ parse_timestamp('end_date_time', date_order='_end_date_time__date_order') }} as ended_at,
        {{ parse_timestamp('activity_date_time', date_order='_activity_date_time__date_order') }}
            as activity_at,
        {{ parse_date('activity_date', date_order='_activity_date__date_order') }} as activity_date,
        {{ parse_integer('duration_in_minutes') }} as duration_minutes,
        coalesce({{ parse_boolean('is_all_day_event') }}, false) as is_all_day_event,
        {{ parse_timestamp('created_date', date_order='_created_date__date_order') }} as created_at,
        {{ parse_timestamp('last_modified_date', date_order='_last_modified_date__date_order') }}
            as last_modified_at,
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
