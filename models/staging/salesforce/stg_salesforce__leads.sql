{{ config(unique_key='lead_id') }}

with latest as (

    {{ reduce_snapshots(source('salesforce', 'lead'), key_columns=['id']) }}

),

date_orders as (

    {{ date_orders_by_batch('salesforce', 'lead') }}

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
        {{ clean_salesforce_id('id') }} as lead_id,
        {{ clean_salesforce_id('master_record_id') }} as master_record_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ clean_salesforce_id('converted_account_id') }} as converted_account_id,
        {{ clean_salesforce_id('converted_contact_id') }} as converted_contact_id,
        {{ clean_salesforce_id('converted_opportunity_id') }} as converted_opportunity_id,
        {{ null_if_placeholder('first_name') }} as first_name,
        {{ null_if_placeholder('last_name') }} as last_name,
        {{ person_full_name(null_if_placeholder('first_name'), null_if_placeholder('last_name')) }} as full_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_placeholder('phone') }} as phone,
        {{ null_if_blank('title') }} as title,
        {{ null_if_placeholder('company') }} as company_name,
        {{ null_if_placeholder('website') }} as website,
        {{ null_if_placeholder('corporate_number') }} as corporate_number,
        {{ null_if_blank('industry') }} as industry,
        {{ parse_integer('number_of_employees') }} as employee_count,
        {{ null_if_blank('country') }} as country,
        {{ null_if_blank('state') }} as state_or_prefecture,
        {{ null_if_blank('lead_source') }} as lead_source,
        {{ null_if_blank('status') }} as lead_status,
        coalesce({{ parse_boolean('is_converted') }}, false) as is_converted,
        {{ parse_date('converted_date', date_order='_converted_date__date_order') }} as converted_date,
        {{ parse_timestamp('created_date', date_order='_created_date__date_order') }} as created_at,
        {{ parse_timestamp('last_modified_date', date_order='_last_modified_date__date_order') }} as last_modified_at,
        {{ parse_timestamp('system_modstamp', date_order='_system_modstamp__date_order') }} as system_modified_at,
        coalesce({{ parse_boolean('is_deleted') }}, false) as is_deleted_in_source,
        {{ clean_salesforce_id('master_record_id') }} is not null as is_merged,
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
