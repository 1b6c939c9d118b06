{{ config(unique_key='task_id') }}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'task'), key_columns=['id']) }}

),

date_orders as (

    {{ date_orders_by_batch('salesforce', 'task') }}

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
        {{ clean_salesforce_id('id') }} as task_id,
        {{ clean_salesforce_id('who_id') }} as who_id,
        {{ clean_salesforce_id('what_id') }} as what_id,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('subject') }} as subject,
        {{ null_if_blank('status') }} as task_status,
        {{ null_if_blank('priority') }} as priority,
        {{ null_if_blank('task_subtype') }} as task_subtype,
        {{ null_if_blank('type') }} as task_type,
        {{ null_if_blank('call_type') }} as call_type,
        {{ parse_integer('call_duration_in_seconds') }} as call_duration_seconds,
        coalesce({{ parse_boolean('is_closed') }}, false) as is_closed,
        {{ parse_date('activity_date', date_order='_activity_date__date_order') }} as activity_date,
        {{ parse_timestamp('completed_date_time', date_order='_completed_date_time__date_order') }} as completed_at,
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
