{#- A view: a projection of int_account_identities_resolved, which is already a table. Reading the view
    costs the same as reading a copy, and a build no longer rewrites every record's row. -#}
{{ config(materialized='view') }}

with account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

account_source_map as (

    select
        source_system,
        source_object,
        source_record_id,
        account_id,
        match_rule,
        match_score,
        match_evidence,
        normalized_name,
        normalized_domain,
        corporate_number,
        has_invalid_corporate_number,
        guard_note,
        account_id is null as is_unresolved
    from account_identities

)

select * from account_source_map
