{#- Per month: the ARR bridge over all accounts and monthly NRR / GRR, in the reporting currency (accounts
    without a rate are left out of the sums and counted), and trailing-twelve-month NRR / GRR: the cohort is the
    accounts with ARR at the end of the month twelve months before; NRR = their ARR now / their ARR then, GRR the
    same with each account's ARR now capped at its ARR then (no expansion; churned = 0). ARR now, for the as-of
    month, is today's ARR. -#}
with arr_movements as (

    select * from {{ ref('fct_arr_movements') }}

),

monthly_arr as (

    select * from {{ ref('int_account_arr_monthly') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

monthly as (

    select
        month_start,
        sum(starting_arr_reporting) as starting_arr,
        sum(new_arr_reporting) as new_arr,
        sum(expansion_arr_reporting) as expansion_arr,
        sum(contraction_arr_reporting) as contraction_arr,
        sum(churned_arr_reporting) as churned_arr,
        sum(reactivation_arr_reporting) as reactivation_arr,
        sum(ending_arr_reporting) as ending_arr,
        sum(case when starting_arr_reporting > 0 then 1 else 0 end) as starting_account_count,
        sum(case when movement_type = 'churn' and not is_fx_rate_missing then 1 else 0 end)
            as churned_account_count,
        sum(case when is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_account_count
    from arr_movements
    group by month_start

),

trailing_pairs as (

    -- each account with ARR twelve months before the month, and its ARR in the month (0 once churned)
    select
        later.month_start,
        earlier.account_id,
        earlier.arr_reporting as arr_then,
        later.arr_reporting as arr_now
    from monthly_arr as earlier
    inner join monthly_arr as later
        on
            earlier.account_id = later.account_id
            and later.month_start = cast({{ dbt.dateadd('month', 12, 'earlier.month_start') }} as date)
    where earlier.arr_reporting > 0 and later.arr_reporting is not null

),

trailing_cohorts as (

    select
        month_start,
        count(*) as ttm_cohort_account_count,
        sum(case when arr_now > 0 then 1 else 0 end) as ttm_retained_account_count,
        sum(arr_then) as ttm_cohort_starting_arr,
        sum(arr_now) as ttm_cohort_ending_arr,
        sum(case when arr_now < arr_then then arr_now else arr_then end) as ttm_cohort_gross_retained_arr
    from trailing_pairs
    group by month_start

),

final as (

    select
        monthly.month_start,
        cast(monthly.starting_arr as {{ bi_money_type() }}) as starting_arr,
        cast(monthly.new_arr as {{ bi_money_type() }}) as new_arr,
        cast(monthly.expansion_arr as {{ bi_money_type() }}) as expansion_arr,
        cast(monthly.contraction_arr as {{ bi_money_type() }}) as contraction_arr,
        cast(monthly.churned_arr as {{ bi_money_type() }}) as churned_arr,
        cast(monthly.reactivation_arr as {{ bi_money_type() }}) as reactivation_arr,
        cast(monthly.ending_arr as {{ bi_money_type() }}) as ending_arr,
        cast(monthly.starting_account_count as {{ bi_count_type() }}) as starting_account_count,
        cast(monthly.churned_account_count as {{ bi_count_type() }}) as churned_account_count,
        cast(case
            when monthly.starting_arr > 0
                then
                    (monthly.starting_arr + monthly.expansion_arr + monthly.contraction_arr + monthly.churned_arr)
                    / monthly.starting_arr
        end as {{ bi_float_type() }}) as net_revenue_retention,
        cast(case
            when monthly.starting_arr > 0
                then (monthly.starting_arr + monthly.contraction_arr + monthly.churned_arr) / monthly.starting_arr
        end as {{ bi_float_type() }}) as gross_revenue_retention,
        reporting_currency.reporting_currency,
        cast(monthly.fx_rate_missing_account_count as {{ bi_count_type() }}) as fx_rate_missing_account_count,
        coalesce(trailing_cohorts.ttm_cohort_account_count, 0) as ttm_cohort_account_count,
        cast(coalesce(trailing_cohorts.ttm_retained_account_count, 0) as {{ bi_count_type() }})
            as ttm_retained_account_count,
        cast(trailing_cohorts.ttm_cohort_starting_arr as {{ bi_money_type() }}) as ttm_cohort_starting_arr,
        cast(trailing_cohorts.ttm_cohort_ending_arr as {{ bi_money_type() }}) as ttm_cohort_ending_arr,
        cast(trailing_cohorts.ttm_cohort_gross_retained_arr as {{ bi_money_type() }}) as ttm_cohort_gross_retained_arr,
        cast(case
            when trailing_cohorts.ttm_cohort_starting_arr > 0
                then 1.0 * trailing_cohorts.ttm_cohort_ending_arr / trailing_cohorts.ttm_cohort_starting_arr
        end as {{ bi_float_type() }}) as nrr_ttm,
        cast(case
            when trailing_cohorts.ttm_cohort_starting_arr > 0
                then 1.0 * trailing_cohorts.ttm_cohort_gross_retained_arr / trailing_cohorts.ttm_cohort_starting_arr
        end as {{ bi_float_type() }}) as grr_ttm
    from monthly
    cross join reporting_currency
    left join trailing_cohorts on monthly.month_start = trailing_cohorts.month_start

)

select * from final
