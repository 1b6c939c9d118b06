{{ config(unique_key='company_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'companies', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as company_id,
        {{ clean_salesforce_id('salesforce_account_id') }} as salesforce_account_id,
        {{ null_if_placeholder('company_name') }} as account_name,
        {{ null_if_placeholder('company_domain_name') }} as domain_name,
        {{ null_if_placeholder('website_url') }} as website,
        {{ null_if_placeholder('corporate_number') }} as corporate_number,
        {{ null_if_placeholder('phone') }} as phone,
        {{ null_if_blank('industry') }} as industry,
        {{ parse_integer('number_of_employees') }} as employee_count,
        {{ parse_decimal('annual_revenue') }} as annual_revenue,
        upper({{ null_if_blank('currency_code') }}) as currency_code,
        {{ null_if_placeholder('tax_id') }} as tax_id,
        {{ null_if_blank('region') }} as region,
        {{ null_if_blank('country') }} as country,
        {{ null_if_blank('state') }} as state_or_prefecture,
        {{ null_if_blank('city') }} as city,
        {{ hubspot_lifecycle_stage('lifecycle_stage') }} as lifecycle_stage,
        {{ null_if_blank('lifecycle_stage') }} as lifecycle_stage_label,
        {{ null_if_blank('company_owner') }} as owner_name,
        {{ hubspot_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
