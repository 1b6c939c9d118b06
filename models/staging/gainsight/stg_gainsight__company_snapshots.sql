{#- History helper (not 1:1): what each weekly export said about each company's revenue and health.
    The comparisons with the previous snapshot (previous_snapshot_arr, previous_snapshot_health_score, …)
    are window work that belongs downstream, but they are columns of this staging table that consumers and
    tests read; moving them would change its public columns, so they stay here. -#}
{{ config(materialized='table') }}

with per_export_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('gainsight', 'companies', key_columns=['gsid'], per_export_date=true) }}

),

renamed as (

    select
        {{ snapshot_id(null_if_blank('gsid'), '_export_date') }} as company_snapshot_id,
        {{ null_if_blank('gsid') }} as company_id,
        _export_date as snapshot_date,
        {{ clean_salesforce_id('sfdc_account_id') }} as salesforce_account_id,
        {{ gainsight_company_health_columns() | indent(8) }},
        {{ parse_date('renewal_date', date_order='_renewal_date__date_order') }} as renewal_date,
        {{ parse_date('churn_date', date_order='_churn_date__date_order') }} as churn_date,
        _batch_id,
        _loaded_at

    from per_export_with_date_orders

),

compared as (

    select
        company_snapshot_id,
        company_id,
        snapshot_date,
        salesforce_account_id,
        owner_name,
        arr,
        lag(arr) over (partition by company_id order by snapshot_date) as previous_snapshot_arr,
        mrr,
        health_score,
        previous_health_score,
        lag(health_score) over (partition by company_id order by snapshot_date) as previous_snapshot_health_score,
        company_stage,
        company_status,
        renewal_date,
        churn_date,
        row_number() over (partition by company_id order by snapshot_date) = 1 as is_first_snapshot,
        _batch_id,
        _loaded_at

    from renamed

)

select * from compared
