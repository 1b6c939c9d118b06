{{ config(unique_key='lead_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'lead', key_columns=['id']) }}

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
        {{ salesforce_system_columns(merged=true) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
