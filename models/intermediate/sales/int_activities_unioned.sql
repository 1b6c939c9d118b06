{#- One row per sales activity of every system (union of var revops_canonical_models.activities), with its person,
    account and opportunity resolved through the identity models as int_touchpoints_unioned does: the account from
    the activity's account link, else its opportunity's, else its person's. A view: fct_activities is its reader. -#}
{{ config(materialized='view') }}

with activity_records as (

    {{ union_canonical('activities') }}

),

resolved as (

    select
        {{ canonical_record_id('activity_records') }} as activity_id,
        person_identities.person_id,
        coalesce(
            account_identities.account_id,
            opportunities.account_id,
            person_identities.account_id
        ) as account_id,
        opportunities.opportunity_id,
        activity_records.*
    from activity_records
    {{ reference_joins('activity_records', ['person', 'account', 'opportunity']) }}

)

select * from resolved
