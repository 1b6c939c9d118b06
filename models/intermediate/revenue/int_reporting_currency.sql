{#- The reporting currency, one row: var revops_reporting_currency when set, else the currency of most opportunity
    (surviving, live) and subscription (live) records that carry one, ties in alphabetical order. When neither gives
    one (a single-currency org exports no currency field), 'XXX', ISO 4217's code for "no currency": every amount is
    then in the one unlabelled currency of the org, and its reporting amount equals it. -#}
{%- set declared = var('revops_reporting_currency', none) %}

with opportunities as (

    select * from {{ ref('int_opportunities_unioned') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

currency_records as (

    select opportunities.currency_code
    from opportunities
    where
        opportunities.is_surviving_record
        and not opportunities.is_deleted
        and opportunities.amount is not null
        and opportunities.currency_code is not null
    union all
    select subscriptions.currency as currency_code
    from subscriptions
    where not subscriptions.is_deleted and subscriptions.mrr is not null and subscriptions.currency is not null

),

ranked_currencies as (

    select
        currency_code,
        count(*) as record_count,
        row_number() over (order by count(*) desc, currency_code asc) as currency_rank
    from currency_records
    group by currency_code

),

declared as (

    select
        cast(
            {% if declared %}'{{ declared | trim | upper }}'{% else %}null{% endif %} as {{ dbt.type_string() }}
        ) as reporting_currency

),

final as (

    select
        coalesce(declared.reporting_currency, ranked_currencies.currency_code, 'XXX') as reporting_currency,
        case
            when declared.reporting_currency is not null then 'var'
            when ranked_currencies.currency_code is not null then 'most_common'
            else 'none_labelled'
        end as chosen_by
    from declared
    left join ranked_currencies on ranked_currencies.currency_rank = 1

)

select * from final
