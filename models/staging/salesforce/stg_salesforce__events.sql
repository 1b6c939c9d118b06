{{ config(unique_key='event_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'event', key_columns=['id']) }}

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
        {{ salesforce_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
