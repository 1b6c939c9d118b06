{#- One row per sales activity of every system (union of var revops_canonical_models.activities), with its person,
    account and opportunity resolved through the identity models as int_touchpoints_unioned does: the account from
    the activity's account link, else its opportunity's, else its person's. A view: fct_activities is its reader. -#}
{{ config(materialized='view') }}

with activity_records as (

    {{ union_canonical('activities') }}

),

person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_unioned') }}

),

resolved as (

    select
        activity_records.source_system || ':' || activity_records.source_object || ':'
        || activity_records.source_record_id as activity_id,
        person_identities.person_id,
        coalesce(
            account_identities.account_id,
            opportunities.account_id,
            person_identities.account_id
        ) as account_id,
        opportunities.opportunity_id,
        activity_records.*
    from activity_records
    left join person_identities
        on
            activity_records.person_source_system = person_identities.source_system
            and activity_records.person_source_object = person_identities.source_object
            and activity_records.person_source_record_id = person_identities.source_record_id
    left join account_identities
        on
            activity_records.account_source_system = account_identities.source_system
            and activity_records.account_source_object = account_identities.source_object
            and activity_records.account_source_record_id = account_identities.source_record_id
    left join opportunities
        on
            activity_records.opportunity_source_system = opportunities.source_system
            and activity_records.opportunity_source_object = opportunities.source_object
            and activity_records.opportunity_source_record_id = opportunities.source_record_id

)

select * from resolved
