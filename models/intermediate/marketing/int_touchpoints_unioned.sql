{#- A view: fct_touchpoints is its only reader (and keeps its own rows), so a table here would be rewritten whole
    every build (1.6M rows at 100,000 accounts) to be read once. -#}
{#- channel_group: the touch's source / medium looked up in seed channel_groupings (case-insensitive source, exact
    medium; a seed row without source is its medium's default); a pair the seed lacks gets
    var revops_attribution.unmapped_channel_group and is_channel_group_mapped = false. -#}
{{ config(materialized='view') }}

with touchpoint_records as (

    {{ union_canonical('touchpoints') }}

),

person_emails as (

    select * from {{ ref('int_person_emails') }}

),

channel_groupings as (

    select
        nullif(lower(trim(source)), '') as source_key,  -- empty: the medium's default row
        medium,
        channel_group
    from {{ ref('channel_groupings') }}

),

resolved as (

    select
        {{ canonical_record_id('touchpoint_records') }} || ':' || touchpoint_records.touchpoint_type as touchpoint_id,
        coalesce(person_identities.person_id, person_emails.person_id) as person_id,
        coalesce(
            account_identities.account_id,
            opportunities.account_id,
            person_identities.account_id,
            person_emails.account_id
        ) as account_id,
        opportunities.opportunity_id,
        touchpoint_records.*
    from touchpoint_records
    {{ reference_joins('touchpoint_records', ['person', 'account', 'opportunity']) }}
    left join person_emails
        on lower({{ revops_nfkc('touchpoint_records.email') }}) = person_emails.normalized_email

),

channel_grouped as (

    select
        resolved.*,
        coalesce(
            by_source.channel_group,
            by_medium.channel_group,
            '{{ var("revops_attribution").unmapped_channel_group }}'
        ) as channel_group,
        coalesce(by_source.channel_group, by_medium.channel_group) is not null as is_channel_group_mapped
    from resolved
    left join channel_groupings as by_source
        on
            lower(trim(resolved.touch_source)) = by_source.source_key
            and resolved.touch_medium = by_source.medium
    left join channel_groupings as by_medium
        on
            by_medium.source_key is null
            and resolved.touch_medium = by_medium.medium

)

select * from channel_grouped
