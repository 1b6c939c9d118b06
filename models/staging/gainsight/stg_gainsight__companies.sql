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
        {{ null_if_blank('csm') }} as owner_name,
        {{ parse_decimal('arr') }} as arr,
        {{ parse_decimal('mrr') }} as mrr,
        {{ parse_decimal('current_score') }} as health_score,
        {{ parse_decimal('previous_score') }} as previous_health_score,
        {{ null_if_blank('stage') }} as company_stage,
        {{ null_if_blank('status') }} as company_status,
        {{ parse_date('original_contract_date', date_order='_original_contract_date__date_order') }}
            as original_contract_date,
        {{ parse_date('renewal_date', date_order='_renewal_date__date_order') }} as renewal_date,
        {{ parse_date('churn_date', date_order='_churn_date__date_order') }} as churn_date,
        {{ parse_timestamp('modified_date', date_order='_modified_date__date_order') }} as last_modified_at,
        has_vanished,
        has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
