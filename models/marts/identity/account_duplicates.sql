{#- Duplicates inside one system (two Salesforce accounts for one company): merged in the warehouse, and
    listed here so ops can merge them at the source too. -#}
with account_source_map as (

    select * from {{ ref('account_source_map') }}

),

account_records as (

    select * from {{ ref('int_account_records_unioned') }}

),

counted as (

    select
        account_source_map.account_id,
        account_source_map.source_system,
        account_source_map.source_object,
        account_source_map.source_record_id,
        account_records.account_name,
        account_records.website,
        account_records.is_deleted,
        account_source_map.match_rule,
        account_source_map.match_evidence,
        count(*) over (
            partition by
                account_source_map.account_id,
                account_source_map.source_system,
                account_source_map.source_object
        ) as records_in_system
    from account_source_map
    inner join account_records
        on {{ source_record_key('account_source_map') }} = {{ source_record_key('account_records') }}
    where account_source_map.account_id is not null

)

select
    account_id,
    source_system,
    source_object,
    source_record_id,
    account_name,
    website,
    is_deleted,
    match_rule,
    match_evidence,
    records_in_system
from counted
where records_in_system > 1
