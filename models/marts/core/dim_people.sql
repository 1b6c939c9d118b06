{#- Incremental: every run fingerprints each person's inputs (its records and their identity rows,
    entity_fingerprint) and recomputes only the people whose fingerprint differs from the one stored in
    `_inputs_fingerprint`, or who are new; delete+insert replaces their rows and the post-hook deletes people
    who no longer exist (merged into another, or all of their records gone). Same rows as a full refresh. -#}
{{
    config(
        materialized='incremental',
        unique_key='person_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="""
            delete from {{ this }}
            where not exists (
                select 1 from {{ ref('int_person_identities_resolved') }} as identities
                where identities.person_id = {{ this }}.person_id
            )
        """,
    )
}}
{#- what a person's row depends on: every column of its records (their _row_hash), and the identity that placed
    them -#}
{%- set fingerprinted = [
    'person_identities.account_id',
    'person_identities.normalized_email',
    'person_identities.is_generic_mailbox',
    'person_records.source_system',
    'person_records.source_object',
    'person_records.source_record_id',
    'person_records._row_hash',
] -%}

with person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

person_records as (

    select * from {{ ref('int_person_records_unioned') }}

),

fingerprints as (

    select
        person_identities.person_id,
        {{ revops_warehouse.entity_fingerprint(fingerprinted) }} as inputs_fingerprint
    from person_records
    inner join person_identities
        on
            person_records.source_system = person_identities.source_system
            and person_records.source_object = person_identities.source_object
            and person_records.source_record_id = person_identities.source_record_id
    where person_identities.person_id is not null
    group by person_identities.person_id

),

{% if is_incremental() %}
    recomputed_people as (  -- new, or their records or identity rows changed

        select fingerprints.person_id
        from fingerprints
        left join {{ this }} as built on fingerprints.person_id = built.person_id
        where built.person_id is null or built._inputs_fingerprint <> fingerprints.inputs_fingerprint

    ),
{% endif %}

records as (

    select
        person_identities.person_id,
        person_identities.account_id,
        person_identities.normalized_email,
        person_identities.is_generic_mailbox,
        person_records.*,
        -- which record's name and title win: CRM contact, then marketing, then lead, then support
        case person_records.source_object
            when 'Contact' then 1
            when 'contacts' then 2
            when 'Lead' then 3
            else 4
        end as record_priority
    from person_records
    inner join person_identities
        on
            person_records.source_system = person_identities.source_system
            and person_records.source_object = person_identities.source_object
            and person_records.source_record_id = person_identities.source_record_id
    where
        person_identities.person_id is not null
        {% if is_incremental() %}
            and person_identities.person_id in (select recomputed_people.person_id from recomputed_people)
        {% endif %}

),

ranked as (

    select
        records.*,
        row_number() over (
            partition by records.person_id
            order by
                case when records.normalized_email is not null and not records.is_generic_mailbox then 0 else 1 end asc,
                records.record_priority asc,
                records.updated_at desc nulls last,
                records.source_record_id asc
        ) as record_rank
    from records

),

lifecycle as (

    select
        person_id,
        min(coalesce(became_lead_at, created_at)) as became_lead_at,
        min(became_mql_at) as became_mql_at,
        min(became_sql_at) as became_sql_at,
        min(became_opportunity_at) as became_opportunity_at,
        min(became_customer_at) as became_customer_at,
        min(created_at) as first_created_at,
        count(*) as source_record_count,
        {{ list_distinct('source_system') }} as source_systems,
        max(case when not is_deleted then 1 else 0 end) = 0 as is_deleted_everywhere
    from records
    group by person_id

),

final as (

    select
        ranked.person_id,
        ranked.account_id,
        ranked.normalized_email as email,
        ranked.is_generic_mailbox,
        ranked.first_name,
        ranked.last_name,
        coalesce(ranked.full_name, {{ person_full_name('ranked.first_name', 'ranked.last_name') }}) as full_name,
        ranked.title,
        ranked.phone,
        lifecycle.became_lead_at,
        lifecycle.became_mql_at,
        lifecycle.became_sql_at,
        lifecycle.became_opportunity_at,
        lifecycle.became_customer_at,
        case
            when lifecycle.became_customer_at is not null then 'customer'
            when lifecycle.became_opportunity_at is not null then 'opportunity'
            when lifecycle.became_sql_at is not null then 'sql'
            when lifecycle.became_mql_at is not null then 'mql'
            else 'lead'
        end as lifecycle_stage,
        lifecycle.first_created_at,
        lifecycle.source_systems,
        lifecycle.source_record_count,
        lifecycle.is_deleted_everywhere,
        fingerprints.inputs_fingerprint as _inputs_fingerprint
    from ranked
    inner join lifecycle on ranked.person_id = lifecycle.person_id
    inner join fingerprints on ranked.person_id = fingerprints.person_id
    where ranked.record_rank = 1

)

select * from final
