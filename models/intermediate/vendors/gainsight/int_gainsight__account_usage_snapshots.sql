with usage_snapshots as (

    select * from {{ ref('stg_gainsight__usage_snapshots') }}

),

canonical as (

    select
        'gainsight' as source_system,
        'usage' as source_object,
        usage_snapshot_id as source_record_id,
        'gainsight' as account_source_system,
        'companies' as account_source_object,
        company_id as account_source_record_id,
        snapshot_date,
        licenses_purchased,
        active_users,
        logins_30d,
        _loaded_at as loaded_at
    from usage_snapshots

)

select * from canonical
