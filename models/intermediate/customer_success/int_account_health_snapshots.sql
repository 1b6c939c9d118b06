with with_accounts as (

    {{ union_canonical_with_account_id('account_health_snapshots') }}

)

select * from with_accounts
