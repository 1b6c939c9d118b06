{{ config(unique_key='company_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('gainsight', 'companies', key_columns=['gsid']) }}

),

renamed as (

    select
        {{ null_if_blank('gsid') }} as company_id,
        {{ clean_salesforce_id('sfdc_account_id') }} as salesforce_account_id,
        {{ null_if_placeholder('name') }} as account_name,
        {{ null_if_placeholder('website') }} as website,
        {{ null_if_placeholder('corporate_number') }} as corporate_number,
        {{ null_if_blank('industry') }} as industry,
        {{ parse_integer('employees') }} as employee_count,
        {{ gainsight_company_health_columns() | indent(8) }},
        {{ parse_date('original_contract_date', date_order='_original_contract_date__date_order') }}
            as original_contract_date,
        {{ parse_date('renewal_date', date_order='_renewal_date__date_order') }} as renewal_date,
        {{ parse_date('churn_date', date_order='_churn_date__date_order') }} as churn_date,
        {{ gainsight_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
