with with_accounts as (

    {{ union_canonical_with_account_id('subscriptions') }}

)

select * from with_accounts
