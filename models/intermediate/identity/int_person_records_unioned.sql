with person_records as (

    {{ union_canonical('person_records') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

with_accounts as (

    select
        person_records.*,
        account_identities.account_id
    from person_records
    left join account_identities
        on
            person_records.account_source_system = account_identities.source_system
            and person_records.account_source_object = account_identities.source_object
            and person_records.account_source_record_id = account_identities.source_record_id

)

select * from with_accounts
