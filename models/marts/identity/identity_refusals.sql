{#- Every link a guard of identity resolution refused, one row per record and refused link: what was not
    merged and why. A record appears once per other record it was kept apart from (a capped identifier lists
    each record of the group against the group's first record). -#}
with account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

account_refusals as (

    select
        'account' as entity,
        source_system,
        source_object,
        source_record_id,
        account_id as resolved_id,
        unnest(refused_links) as refusal
    from account_identities
    where len(refused_links) > 0

),

person_refusals as (

    select
        'person' as entity,
        source_system,
        source_object,
        source_record_id,
        person_id as resolved_id,
        unnest(refused_links) as refusal
    from person_identities
    where len(refused_links) > 0

),

unioned as (

    select * from account_refusals
    union all
    select * from person_refusals

),

final as (

    select
        unioned.entity,
        unioned.source_system,
        unioned.source_object,
        unioned.source_record_id,
        unioned.resolved_id,
        unioned.refusal.other_record,
        unioned.refusal.rule as match_rule,
        unioned.refusal.guard,
        unioned.refusal.reason
    from unioned

)

select * from final
