{{ config(unique_key='task_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'task', key_columns=['id']) }}

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
        {{ salesforce_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
