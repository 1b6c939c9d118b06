{#- Customers by start quarter (the quarter of their first month with ARR) and month since their own start month
    (0 = the start month): how many of them have reached that month by the as-of date, how many still have ARR
    (logo retention) and their ARR then against their ARR in their start month (net and gross ARR retention, in the
    reporting currency; an account without a rate in either month is left out of the ARR figures). -#}
with monthly_arr as (

    select * from {{ ref('int_account_arr_monthly') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

customer_starts as (

    select
        account_id,
        min(month_start) as start_month
    from monthly_arr
    where arr > 0 or arr_reporting > 0
    group by account_id

),

customer_months as (

    select
        customer_starts.account_id,
        cast({{ dbt.date_trunc('quarter', 'customer_starts.start_month') }} as date) as cohort_quarter,
        {{ dbt.datediff('customer_starts.start_month', 'monthly_arr.month_start', 'month') }} as months_since_start,
        monthly_arr.arr > 0 or monthly_arr.arr_reporting > 0 as has_arr,
        monthly_arr.arr_reporting
    from customer_starts
    inner join monthly_arr
        on
            customer_starts.account_id = monthly_arr.account_id
            and customer_starts.start_month <= monthly_arr.month_start

),

with_start_arr as (

    select
        customer_months.*,
        starts.arr_reporting as start_arr_reporting,
        customer_months.arr_reporting is not null and starts.arr_reporting is not null as has_rates
    from customer_months
    inner join customer_months as starts
        on customer_months.account_id = starts.account_id and starts.months_since_start = 0

),

aggregated as (

    select
        cast(cohort_quarter as {{ dbt.type_string() }}) || '|' || cast(months_since_start as {{ dbt.type_string() }})
            as cohort_retention_id,
        cohort_quarter,
        months_since_start,
        count(*) as customer_count,
        sum(case when has_arr then 1 else 0 end) as retained_customer_count,
        cast(1.0 * sum(case when has_arr then 1 else 0 end) / count(*) as {{ bi_float_type() }}) as logo_retention,
        sum(case when has_rates then start_arr_reporting end) as starting_arr_reporting,
        sum(case when has_rates then arr_reporting end) as arr_reporting,
        sum(
            case
                when has_rates and arr_reporting < start_arr_reporting then arr_reporting
                when has_rates then start_arr_reporting
            end
        ) as gross_retained_arr_reporting,
        sum(case when not has_rates then 1 else 0 end) as fx_rate_missing_customer_count
    from with_start_arr
    group by cohort_quarter, months_since_start

),

final as (

    select
        aggregated.cohort_retention_id,
        aggregated.cohort_quarter,
        aggregated.months_since_start,
        aggregated.customer_count,
        cast(aggregated.retained_customer_count as {{ bi_count_type() }}) as retained_customer_count,
        aggregated.logo_retention,
        reporting_currency.reporting_currency,
        cast(aggregated.starting_arr_reporting as {{ bi_money_type() }}) as starting_arr_reporting,
        cast(aggregated.arr_reporting as {{ bi_money_type() }}) as arr_reporting,
        cast(aggregated.gross_retained_arr_reporting as {{ bi_money_type() }}) as gross_retained_arr_reporting,
        cast(aggregated.fx_rate_missing_customer_count as {{ bi_count_type() }}) as fx_rate_missing_customer_count,
        cast(case
            when
                aggregated.starting_arr_reporting > 0
                then 1.0 * aggregated.arr_reporting / aggregated.starting_arr_reporting
        end as {{ bi_float_type() }})
            as net_arr_retention,
        cast(case
            when
                aggregated.starting_arr_reporting > 0
                then 1.0 * aggregated.gross_retained_arr_reporting / aggregated.starting_arr_reporting
        end as {{ bi_float_type() }})
            as gross_arr_retention
    from aggregated
    cross join reporting_currency

)

select * from final
