{#- Parent companies found by identity resolution: a group domain shared by a company and its parent (a
    sub-domain of the parent's domain, a Japanese company of its foreign parent's name, a regional or holding
    qualifier) is recorded as a relation, not merged. One row per account and parent. -#}
with account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

relations as (

    select
        account_id,
        parent_account_id,
        min(parent_evidence) as parent_evidence,
        count(*) as evidence_records
    from account_identities
    where parent_account_id is not null and account_id is not null
    group by account_id, parent_account_id

)

select * from relations
