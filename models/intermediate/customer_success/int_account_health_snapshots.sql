with snapshot_records as (

    {{ union_canonical('account_health_snapshots') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

with_accounts as (

    select
        snapshot_records.*,
        account_identities.account_id
    from snapshot_records
    left join account_identities
        on
            snapshot_records.account_source_system = account_identities.source_system
            and snapshot_records.account_source_object = account_identities.source_object
            and snapshot_records.account_source_record_id = account_identities.source_record_id

)

select * from with_accounts
