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
        {{ refused_links_unnested('refused_links') }} as refusal
    from account_identities

),

person_refusals as (

    select
        'person' as entity,
        source_system,
        source_object,
        source_record_id,
        person_id as resolved_id,
        {{ refused_links_unnested('refused_links') }} as refusal
    from person_identities

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
        {{ refusal_field('unioned.refusal', 'other_record') }} as other_record,
        {{ refusal_field('unioned.refusal', 'rule') }} as match_rule,
        {{ refusal_field('unioned.refusal', 'guard') }} as guard,
        {{ refusal_field('unioned.refusal', 'reason') }} as reason
    from unioned

)

select * from final
