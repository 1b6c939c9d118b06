{#- Every opportunity record of every system with its account, person and the opportunity it belongs to. A record
    that references another system's record (HubSpot deal → Salesforce opportunity) joins that opportunity; an
    unreferenced record joins a record of a higher-priority system on the same account with the same amount created
    in the same minute (a sync without the id stamped); otherwise it is an opportunity of its own. The surviving
    record of each opportunity is the one of the system first in seed golden_source_priority (rule
    opportunity_record; systems not listed rank after the listed ones). -#}
with opportunity_records as (

    {{ union_canonical('opportunities') }}

),

system_priorities as (

    select
        golden_source_priority.source_system,
        golden_source_priority.priority
    from {{ ref('golden_source_priority') }} as golden_source_priority
    where golden_source_priority.attribute = 'opportunity_record'

),

records as (

    select
        opportunity_records.*,
        account_identities.account_id,
        person_identities.person_id,
        opportunity_records.source_system || ':' || opportunity_records.source_record_id as record_key,
        coalesce(
            system_priorities.priority,
            (select max(listed.priority) + 1 from system_priorities as listed)
        ) as source_priority
    from opportunity_records
    left join system_priorities on opportunity_records.source_system = system_priorities.source_system
    {{ reference_joins('opportunity_records', ['account', 'person']) }}

),

reference_matches as (

    select
        mirrors.record_key,
        min(targets.record_key) as matched_record_key
    from records as mirrors
    inner join records as targets
        on
            mirrors.reference_system = targets.source_system
            and mirrors.reference_object = targets.source_object
            and mirrors.reference_record_id = targets.source_record_id
    group by mirrors.record_key

),

attribute_matches as (

    select
        mirrors.record_key,
        min(targets.record_key) as matched_record_key
    from records as mirrors
    inner join records as targets
        on
            mirrors.account_id = targets.account_id
            and mirrors.amount = targets.amount
            and coalesce(mirrors.currency_code, '') = coalesce(targets.currency_code, '')
            and {{ dbt.date_trunc('minute', 'mirrors.created_at') }}
            = {{ dbt.date_trunc('minute', 'targets.created_at') }}
            and mirrors.source_priority > targets.source_priority
    where mirrors.reference_record_id is null
    group by mirrors.record_key

),

matched as (

    select
        records.*,
        coalesce(reference_matches.matched_record_key, attribute_matches.matched_record_key, records.record_key)
            as opportunity_id,
        case
            when reference_matches.matched_record_key is not null then 'reference'
            when attribute_matches.matched_record_key is not null then 'account_amount_created_at'
            else 'own_record'
        end as match_rule
    from records
    left join reference_matches on records.record_key = reference_matches.record_key
    left join attribute_matches on records.record_key = attribute_matches.record_key

),

ranked as (

    select
        matched.*,
        row_number() over (
            partition by matched.opportunity_id
            order by matched.source_priority asc, matched.is_deleted asc, matched.record_key asc
        ) = 1 as is_surviving_record
    from matched

)

select * from ranked
