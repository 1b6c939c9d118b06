with subscriptions as (

    {{ union_canonical('subscriptions') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

with_accounts as (

    select
        subscriptions.*,
        account_identities.account_id
    from subscriptions
    left join account_identities
        on
            subscriptions.account_source_system = account_identities.source_system
            and subscriptions.account_source_object = account_identities.source_object
            and subscriptions.account_source_record_id = account_identities.source_record_id

)

select * from with_accounts
