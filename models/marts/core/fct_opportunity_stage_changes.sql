{#- Stage changes; amount is in the opportunity's currency (fct_opportunities.currency_code), amount_reporting at
    the rate in force on the change's close date. -#}
with stage_changes as (

    select * from {{ ref('int_opportunity_stage_changes') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_unioned') }}

),

with_currency as (

    select
        stage_changes.*,
        {{ amount_currency('opportunities.currency_code') }} as currency_code
    from stage_changes
    cross join reporting_currency
    left join opportunities on stage_changes.opportunity_id = opportunities.opportunity_id

),

final as (

    select
        with_currency.stage_change_id,
        with_currency.opportunity_id,
        with_currency.account_id,
        with_currency.source_system,
        with_currency.from_stage_name,
        with_currency.stage_name,
        with_currency.stage_category,
        with_currency.amount,
        with_currency.close_date,
        with_currency.changed_at,
        with_currency.change_evidence,
        row_number() over (
            partition by with_currency.opportunity_id
            order by with_currency.changed_at asc, with_currency.stage_change_id asc
        ) as change_sequence,
        with_currency.currency_code,
        {{ to_reporting_currency('with_currency.amount') }} as amount_reporting,
        {{ is_fx_rate_missing('with_currency.amount') }} as is_fx_rate_missing
    from with_currency
    {{ fx_rate_join('with_currency.currency_code', 'with_currency.close_date') }}

)

select * from final
