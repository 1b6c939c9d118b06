with company_snapshots as (

    select * from {{ ref('stg_gainsight__company_snapshots') }}

),

canonical as (

    select
        'gainsight' as source_system,
        'company_snapshots' as source_object,
        company_snapshot_id as source_record_id,
        'gainsight' as account_source_system,
        'companies' as account_source_object,
        company_id as account_source_record_id,
        snapshot_date,
        health_score,
        arr,
        mrr,
        renewal_date,
        company_stage as customer_stage,
        company_status as customer_status,
        owner_name as csm_name,
        _loaded_at as loaded_at
    from company_snapshots

)

select * from canonical
