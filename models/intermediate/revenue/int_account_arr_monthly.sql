{#- ARR of each account at the end of every month from its first subscription month to the warehouse's as-of
    month (the as-of month is measured on the as-of date, so its ARR is today's ARR). A subscription counts on a
    day when it has started and not ended: an active one until its end date inclusive (the renewal date), a
    cancelled one until the day before its end date. ARR = 12 × MRR, the subscription's current MRR. -#}
with subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

digits as (

    select 0 as digit
    union all
    select 1 as digit
    union all
    select 2 as digit
    union all
    select 3 as digit
    union all
    select 4 as digit
    union all
    select 5 as digit
    union all
    select 6 as digit
    union all
    select 7 as digit
    union all
    select 8 as digit
    union all
    select 9 as digit

),

month_offsets as (

    -- 0 … 999 months after an account's first subscription month
    select ones.digit + 10 * tens.digit + 100 * hundreds.digit as month_offset
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds

),

live_subscriptions as (

    select *
    from subscriptions
    where account_id is not null and not is_deleted and start_date is not null

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
        coalesce(sum(12 * live_subscriptions.mrr), 0) as arr
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

)

select * from monthly_arr
