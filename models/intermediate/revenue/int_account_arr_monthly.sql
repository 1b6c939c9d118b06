{#- ARR of each account at the end of every month from its first subscription month to the warehouse's as-of
    month (the as-of month is measured on the as-of date, so its ARR is today's ARR). A subscription counts on a
    day when it has started and not ended: an active one until its end date inclusive (the renewal date), a
    cancelled one until the day before its end date. ARR = 12 × MRR, the subscription's current MRR.
    Currency: arr is in the account's currency (currency_code), NULL when its subscriptions are in several; arr_reporting
    converts each subscription's MRR at the rate in force on the as-of date (constant currency: an exchange-rate move
    is not an expansion or a contraction), NULL (is_fx_rate_missing) when a subscription counted has no rate. -#}
with subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_unioned') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

month_offsets as (

    -- 0 … 999 months after an account's first subscription month
    {{ integer_series('month_offset', 3) }}

),

live_subscriptions as (

    {{ subscriptions_at_as_of_rate() }}
    where subscriptions.account_id is not null and not subscriptions.is_deleted and subscriptions.start_date is not null

),

account_currencies as (

    select
        account_id,
        case when count(distinct currency_code) = 1 then min(currency_code) end as currency_code
    from live_subscriptions
    group by account_id

),

account_first_months as (

    select
        account_id,
        min(cast({{ dbt.date_trunc('month', 'start_date') }} as date)) as first_month
    from live_subscriptions
    group by account_id

),

account_months as (

    select
        account_first_months.account_id,
        cast(
            {{ dbt.dateadd('month', 'month_offsets.month_offset', 'account_first_months.first_month') }} as date
        ) as month_start,
        as_of.as_of_date
    from account_first_months
    cross join month_offsets
    cross join as_of

),

measured_months as (

    select
        account_id,
        month_start,
        case
            when cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }} as date) < as_of_date
                then cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'month_start')) }} as date)
            else as_of_date
        end as measured_on
    from account_months
    where month_start <= as_of_date

),

monthly_arr as (

    select
        measured_months.account_id,
        measured_months.month_start,
        measured_months.measured_on,
        coalesce(sum(12 * live_subscriptions.mrr), 0) as arr_summed,
        coalesce(sum(12 * live_subscriptions.mrr_reporting), 0) as arr_reporting_summed,
        max(case when live_subscriptions.is_fx_rate_missing then 1 else 0 end) as has_missing_rate
    from measured_months
    left join live_subscriptions
        on
            measured_months.account_id = live_subscriptions.account_id
            and measured_months.measured_on >= live_subscriptions.start_date
            and (
                live_subscriptions.end_date is null
                or measured_months.measured_on < live_subscriptions.end_date
                or (
                    live_subscriptions.subscription_status = 'active'
                    and measured_months.measured_on <= live_subscriptions.end_date
                )
            )
    group by measured_months.account_id, measured_months.month_start, measured_months.measured_on

),

final as (

    select
        monthly_arr.account_id,
        monthly_arr.month_start,
        monthly_arr.measured_on,
        case when account_currencies.currency_code is not null then monthly_arr.arr_summed end as arr,
        account_currencies.currency_code,
        case when monthly_arr.has_missing_rate = 0 then monthly_arr.arr_reporting_summed end as arr_reporting,
        monthly_arr.has_missing_rate = 1 as is_fx_rate_missing
    from monthly_arr
    inner join account_currencies on monthly_arr.account_id = account_currencies.account_id

)

select * from final
