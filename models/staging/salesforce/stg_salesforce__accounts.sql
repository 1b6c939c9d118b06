{{ config(unique_key='account_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'account', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as account_id,
        {{ clean_salesforce_id('master_record_id') }} as master_record_id,
        {{ clean_salesforce_id('parent_id') }} as parent_account_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_placeholder('name') }} as account_name,
        {{ null_if_blank('type') }} as account_type,
        {{ null_if_placeholder('website') }} as website,
        {{ null_if_placeholder('phone') }} as phone,
        {{ null_if_placeholder('corporate_number') }} as corporate_number,
        {{ null_if_blank('industry') }} as industry,
        {{ null_if_blank('account_source') }} as account_source,
        {{ null_if_blank('billing_country') }} as country,
        {{ null_if_blank('billing_state') }} as state_or_prefecture,
        {{ null_if_blank('billing_city') }} as city,
        {{ parse_decimal('annual_revenue') }} as annual_revenue,
        upper({{ null_if_blank('currency_iso_code') }}) as currency_code,
        {{ null_if_placeholder('tax_id') }} as tax_id,
        {{ null_if_blank('region') }} as region,
        {{ parse_integer('number_of_employees') }} as employee_count,
        {{ salesforce_system_columns(merged=true) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
