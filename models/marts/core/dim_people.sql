{#- One row per real person: the best record's name and contact details, and the lifecycle dates of all of them.
    Incremental (change_set strategy, change stamps: macros/incremental/change_set.sql): a run builds again the
    people with a record or identity row written since its last build, and removes the people no record
    belongs to any more. Same rows as a full refresh. -#}
{{ config(
    materialized='incremental' if var('revops_incremental', target.type != 'spark') else 'table',
    unique_key='person_id',
    incremental_strategy='change_set',
    on_schema_change='sync_all_columns',
) }}
{%- set record_priority = var('revops_person_record_priority') %}
{%- set since = revops_warehouse.changed_since() %}

with all_person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

all_person_records as (

    select * from {{ ref('int_person_records_unioned') }}

),
{%- if is_incremental() %}

    changed_people as (  -- every person when this model has no watermark yet

        select person_id from all_person_identities
        {%- if since %}
            where _changed_at > {{ since }}
            union
            select all_person_identities.person_id
            from all_person_records
            inner join all_person_identities
                on {{ source_record_key('all_person_records') }} = {{ source_record_key('all_person_identities') }}
            where all_person_records._changed_at > {{ since }}
        {%- endif %}

    ),

    person_identities as (

        select * from all_person_identities
        where person_id in (select changed_people.person_id from changed_people)

    ),

    vanished_people as (  -- built, but no record belongs to them any more

        select person_id from {{ this }}
        where person_id not in (
                select all_person_identities.person_id from all_person_identities
                where all_person_identities.person_id is not null
            )

    ),
{%- else %}

    person_identities as (

        select * from all_person_identities

    ),
{%- endif %}

person_records as (

    select * from all_person_records

),

records as (

    select
        person_identities.person_id,
        person_identities.account_id,
        person_identities.normalized_email,
        person_identities.is_generic_mailbox,
        -- the record's canonical columns: its own company link (person_records.account_id) is not the person's
        {%- for column, _type in revops_warehouse.canonical_contract('person_records') %}
            person_records.{{ column }},
        {%- endfor %}
        -- which record's name and title win: var revops_person_record_priority, then every other object
        case person_records.source_object
            {%- for source_object in record_priority %}
                when '{{ source_object }}' then {{ loop.index }}
            {%- endfor %}
            else {{ record_priority | length + 1 }}
        end as record_priority
    from person_records
    inner join person_identities
        on {{ source_record_key('person_records') }} = {{ source_record_key('person_identities') }}
    where person_identities.person_id is not null

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
        lifecycle.is_deleted_everywhere
    from ranked
    inner join lifecycle on ranked.person_id = lifecycle.person_id
    where ranked.record_rank = 1

)
{%- if is_incremental() %}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list %}

    select
    {%- for column in built_columns %}
    {{ column }},
    {%- endfor %}
        false as _deleted
    from final
    union all
    select
    {%- for column in built_columns %}
    {{ 'person_id' if column == 'person_id' else 'null' }} as {{ column }},
    {%- endfor %}
        true as _deleted
    from vanished_people
{%- else %}

select * from final
{%- endif %}
