{{ config(unique_key='contact_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'contact', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as contact_id,
        {{ clean_salesforce_id('master_record_id') }} as master_record_id,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_placeholder('first_name') }} as first_name,
        {{ null_if_placeholder('last_name') }} as last_name,
        {{ person_full_name(null_if_placeholder('first_name'), null_if_placeholder('last_name')) }} as full_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_placeholder('phone') }} as phone,
        {{ null_if_placeholder('mobile_phone') }} as mobile_phone,
        {{ null_if_blank('title') }} as title,
        {{ null_if_blank('department') }} as department,
        {{ null_if_blank('lead_source') }} as lead_source,
        coalesce({{ parse_boolean('has_opted_out_of_email') }}, false) as has_opted_out_of_email,
        {{ salesforce_system_columns(merged=true) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
