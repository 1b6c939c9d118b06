{#- The customer status the CRM gives each account, for accounts the CS platform holds no subscription of: the
    rule of var revops_customer_status (dbt_project.yml), the first that holds winning: a renewal lost after the
    latest win → churned; a won term still running → customer; a customer account type (or a company lifecycle
    stage customer) → customer; a former-customer account type → churned; a won term that ended → churned. -#}
{%- set rule = var('revops_customer_status') %}
{%- set separator = "', '" %}
{%- set customer_types = "'" ~ rule['customer_account_types'] | map('lower') | join(separator) ~ "'" %}
{%- set churned_types = "'" ~ rule['churned_account_types'] | map('lower') | join(separator) ~ "'" %}
{%- set renewal_types = "'" ~ rule['renewal_opportunity_types'] | map('lower') | join(separator) ~ "'" %}

with account_records as (

    select * from {{ ref('int_account_records_unioned') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_unioned') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

record_statuses as (

    select
        account_identities.account_id,
        max(
            case
                when lower(trim(account_records.account_type)) in (
                        {{ customer_types }}
                    ) then 1
                when account_records.lifecycle_stage = 'customer' then 1
                else 0
            end
        ) as has_customer_type,
        max(
            case
                when lower(trim(account_records.account_type)) in (
                        {{ churned_types }}
                    ) then 1
                else 0
            end
        ) as has_churned_type
    from account_records
    inner join account_identities
        on {{ source_record_key('account_records') }} = {{ source_record_key('account_identities') }}
    where account_identities.account_id is not null and not account_records.is_deleted
    group by account_identities.account_id

),

opportunity_outcomes as (

    select
        account_id,
        min(case when is_won then close_date end) as first_won_date,
        max(case when is_won then close_date end) as latest_won_date,
        max(
            case
                when is_closed and not is_won and opportunity_type in (
                        {{ renewal_types }}
                    ) then close_date
            end
        ) as latest_lost_renewal_date
    from opportunities
    where is_surviving_record and not is_deleted and account_id is not null
    group by account_id

),

accounts as (

    select account_id from record_statuses
    union
    select account_id from opportunity_outcomes

),

outcomes as (

    select
        accounts.account_id,
        coalesce(record_statuses.has_customer_type, 0) = 1 as has_customer_type,
        coalesce(record_statuses.has_churned_type, 0) = 1 as has_churned_type,
        opportunity_outcomes.first_won_date,
        opportunity_outcomes.latest_won_date,
        opportunity_outcomes.latest_lost_renewal_date,
        cast(
            {{ dbt.dateadd('month', rule['won_term_months'], 'opportunity_outcomes.latest_won_date') }} as date
        ) as won_term_end_date,
        as_of.as_of_date
    from accounts
    cross join as_of
    left join record_statuses on accounts.account_id = record_statuses.account_id
    left join opportunity_outcomes on accounts.account_id = opportunity_outcomes.account_id

),

ruled as (

    select
        outcomes.*,
        case
            when
                outcomes.latest_lost_renewal_date is not null
                and (
                    outcomes.latest_won_date is null
                    or outcomes.latest_lost_renewal_date > outcomes.latest_won_date
                )
                then 'lost_renewal'
            when outcomes.won_term_end_date > outcomes.as_of_date then 'won_term_running'
            when outcomes.has_customer_type then 'customer_type'
            when outcomes.has_churned_type then 'churned_type'
            when outcomes.won_term_end_date is not null then 'won_term_ended'
        end as status_rule
    from outcomes

),

final as (

    select
        account_id,
        case
            when status_rule in ('won_term_running', 'customer_type') then 'customer'
            when status_rule in ('lost_renewal', 'churned_type', 'won_term_ended') then 'churned'
            else 'prospect'
        end as crm_lifecycle_stage,
        coalesce(status_rule, 'none') as status_rule,
        first_won_date as crm_customer_since_date,
        case
            when status_rule = 'lost_renewal' then latest_lost_renewal_date
            when status_rule in ('churned_type', 'won_term_ended') then won_term_end_date
        end as crm_churned_date
    from ruled

)

select * from final
