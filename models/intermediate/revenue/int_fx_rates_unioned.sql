{#- Every exchange rate the warehouse knows, as units of a currency per ONE unit of the reporting currency
    (int_reporting_currency), over a validity period: the one place rates are looked up (macros/money).
    Sources, each with its own base currency (rates are units per one unit of the base):
    - salesforce: DatedConversionRate (StartDate to NextStartDate; a currency with dated rates uses only them), else
      CurrencyType (static, always in force); base: the org's corporate currency (rate 1).
    - seed: seeds/fx_rates.csv, a rate in force from its date to the currency's next date; base: the user's choice,
      the reporting currency when the seed does not list it.
    A currency's rate to the reporting currency is its rate over the reporting currency's rate in the same source on
    the same days (a cross rate; periods are intersected). A currency takes Salesforce's rates when Salesforce holds
    both it and the reporting currency, else the seed's. The reporting currency itself: 1, always. -#}
with reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

dated_conversion_rates as (

    select * from {{ ref('stg_salesforce__dated_conversion_rates') }}

),

currency_types as (

    select * from {{ ref('stg_salesforce__currency_types') }}

),

seed_rates as (

    select * from {{ ref('fx_rates') }}

),

salesforce_dated as (

    select
        'salesforce' as rate_family,
        'salesforce_dated_conversion_rate' as rate_source,
        currency_code,
        start_date as valid_from,
        next_start_date as valid_to,
        cast(conversion_rate as {{ dbt.type_float() }}) as units_per_base
    from dated_conversion_rates
    where not is_deleted and currency_code is not null and conversion_rate > 0

),

salesforce_static as (

    select
        'salesforce' as rate_family,
        'salesforce_currency_type' as rate_source,
        currency_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(conversion_rate as {{ dbt.type_float() }}) as units_per_base
    from currency_types
    where
        not is_deleted
        and currency_code is not null
        and conversion_rate > 0
        and currency_code not in (select salesforce_dated.currency_code from salesforce_dated)

),

seed_cleaned as (

    select
        upper(trim(seed_rates.currency)) as currency_code,
        cast(seed_rates.date as date) as rate_date,
        cast(seed_rates.rate as {{ dbt.type_float() }}) as units_per_base
    from seed_rates
    where seed_rates.currency is not null and seed_rates.date is not null and seed_rates.rate > 0

),

seed_periods as (

    select
        'seed' as rate_family,
        'fx_rates_seed' as rate_source,
        currency_code,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency_code order by rate_date) as valid_to,
        units_per_base
    from seed_cleaned

),

seed_reporting_base as (

    -- a seed that does not list the reporting currency is based on it
    select
        'seed' as rate_family,
        'fx_rates_seed' as rate_source,
        reporting_currency.reporting_currency as currency_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(1 as {{ dbt.type_float() }}) as units_per_base
    from reporting_currency
    where
        reporting_currency.reporting_currency is not null
        and reporting_currency.reporting_currency not in (select seed_cleaned.currency_code from seed_cleaned)

),

source_rates as (

    select * from salesforce_dated
    union all
    select * from salesforce_static
    union all
    select * from seed_periods
    union all
    select * from seed_reporting_base

),

reporting_rates as (

    select source_rates.*
    from source_rates
    inner join reporting_currency on source_rates.currency_code = reporting_currency.reporting_currency

),

cross_rates as (

    select
        currency_rates.rate_family,
        currency_rates.rate_source,
        currency_rates.currency_code,
        -- the later start and the earlier end of the two periods (null: open)
        case
            when currency_rates.valid_from is null then reporting_rates.valid_from
            when reporting_rates.valid_from is null then currency_rates.valid_from
            when currency_rates.valid_from > reporting_rates.valid_from then currency_rates.valid_from
            else reporting_rates.valid_from
        end as valid_from,
        case
            when currency_rates.valid_to is null then reporting_rates.valid_to
            when reporting_rates.valid_to is null then currency_rates.valid_to
            when currency_rates.valid_to < reporting_rates.valid_to then currency_rates.valid_to
            else reporting_rates.valid_to
        end as valid_to,
        currency_rates.units_per_base / reporting_rates.units_per_base as units_per_reporting_unit
    from source_rates as currency_rates
    inner join reporting_rates
        on
            currency_rates.rate_family = reporting_rates.rate_family
            and (
                currency_rates.valid_to is null
                or reporting_rates.valid_from is null
                or currency_rates.valid_to > reporting_rates.valid_from
            )
            and (
                reporting_rates.valid_to is null
                or currency_rates.valid_from is null
                or currency_rates.valid_from < reporting_rates.valid_to
            )
    where currency_rates.currency_code <> reporting_rates.currency_code

),

family_choices as (

    select
        currency_code,
        min(case when rate_family = 'salesforce' then 1 else 2 end) as family_rank
    from cross_rates
    group by currency_code

),

chosen_rates as (

    select
        cross_rates.currency_code,
        cross_rates.valid_from,
        cross_rates.valid_to,
        cross_rates.units_per_reporting_unit,
        cross_rates.rate_source
    from cross_rates
    inner join family_choices
        on
            cross_rates.currency_code = family_choices.currency_code
            and family_choices.family_rank = case when cross_rates.rate_family = 'salesforce' then 1 else 2 end

),

reporting_itself as (

    select
        reporting_currency as currency_code,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        cast(1 as {{ dbt.type_float() }}) as units_per_reporting_unit,
        'reporting_currency' as rate_source
    from reporting_currency
    where reporting_currency is not null

),

unioned as (

    select * from chosen_rates
    union all
    select * from reporting_itself

),

final as (

    select
        reporting_currency.reporting_currency,
        unioned.currency_code,
        unioned.valid_from,
        unioned.valid_to,
        unioned.units_per_reporting_unit,
        unioned.rate_source
    from unioned
    cross join reporting_currency

)

select * from final
