{#- Everything account_360 and the churn-risk rules need, one row per account, measured on the warehouse's
    as-of date. Money: arr, mrr, open_pipeline_amount and won_amount_last_12_months are in the account's currency
    (currency_code: the one currency of the records they sum), NULL when those records are in several; their
    *_reporting twins sum each record converted (subscriptions at the as-of date's rate, opportunities at their
    close date's), NULL when a record has no rate (is_fx_rate_missing). -#}
with accounts as (

    select * from {{ ref('dim_accounts') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

health_snapshots as (

    select * from {{ ref('fct_account_health_snapshots') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_unioned') }}

),

converted_subscriptions as (

    {{ subscriptions_at_as_of_rate() }}

),

live_subscriptions as (  -- the subscriptions active at the as-of date: the account's amounts sum these

    select subscriptions.*
    from converted_subscriptions as subscriptions
    cross join as_of
    where
        subscriptions.account_id is not null
        and subscriptions.subscription_status = 'active'
        and not subscriptions.is_deleted
        and subscriptions.start_date <= as_of.as_of_date
        and (subscriptions.end_date is null or subscriptions.end_date >= as_of.as_of_date)

),

active_subscriptions as (

    select
        subscriptions.account_id,
        sum(subscriptions.mrr) as mrr,
        sum(12 * subscriptions.mrr) as arr,
        sum(subscriptions.mrr_reporting) as mrr_reporting,
        sum(12 * subscriptions.mrr_reporting) as arr_reporting,
        max(case when subscriptions.is_fx_rate_missing then 1 else 0 end) as has_missing_rate,
        count(*) as active_subscription_count,
        min(subscriptions.end_date) as renewal_date,
        -- the worst payment status of the account's active subscriptions
        min(
            case subscriptions.payment_status
                when 'failed' then 1
                when 'overdue' then 2
                when 'pending' then 3
                when 'paid' then 4
                else 5
            end
        ) as payment_status_rank
    from live_subscriptions as subscriptions
    group by subscriptions.account_id

),

health_ranked as (

    select
        health_snapshots.*,
        row_number() over (
            partition by health_snapshots.account_id order by health_snapshots.snapshot_date desc
        ) as health_rank
    from health_snapshots
    where health_snapshots.health_score is not null

),

usage_ranked as (

    select
        health_snapshots.*,
        row_number() over (
            partition by health_snapshots.account_id order by health_snapshots.snapshot_date desc
        ) as usage_rank
    from health_snapshots
    where health_snapshots.licenses_purchased is not null

),

ticket_stats as (

    select
        tickets.account_id,
        sum(case when tickets.is_open then 1 else 0 end) as open_ticket_count,
        sum(
            case when tickets.created_at >= {{ dbt.dateadd('day', -90, 'as_of.as_of_date') }} then 1 else 0 end
        ) as tickets_last_90_days,
        sum(
            case
                when tickets.created_at >= {{ dbt.dateadd('day', -90, 'as_of.as_of_date') }}
                    and tickets.satisfaction = 'good'
                    then 1
                else 0
            end
        ) as good_ratings_last_90_days,
        sum(
            case
                when tickets.created_at >= {{ dbt.dateadd('day', -90, 'as_of.as_of_date') }}
                    and tickets.satisfaction in ('good', 'bad')
                    then 1
                else 0
            end
        ) as ratings_last_90_days
    from tickets
    cross join as_of
    where tickets.account_id is not null and not tickets.is_deleted
    group by tickets.account_id

),

counted_opportunities as (

    -- the opportunities the pipeline and won amounts sum
    select
        opportunities.*,
        opportunities.stage_category = 'open' as is_open_pipeline,
        opportunities.is_won
        and opportunities.close_date > {{ dbt.dateadd('month', -12, 'as_of.as_of_date') }} as is_won_last_12_months
    from opportunities
    cross join as_of
    where opportunities.account_id is not null and not opportunities.is_deleted

),

opportunity_stats as (

    select
        opportunities.account_id,
        sum(case when opportunities.is_open_pipeline then opportunities.amount else 0 end) as open_pipeline_amount,
        sum(case when opportunities.is_open_pipeline then 1 else 0 end) as open_opportunity_count,
        sum(case when opportunities.is_won_last_12_months then opportunities.amount else 0 end)
            as won_amount_last_12_months,
        sum(case when opportunities.is_open_pipeline then opportunities.amount_reporting else 0 end)
            as open_pipeline_amount_reporting,
        sum(case when opportunities.is_won_last_12_months then opportunities.amount_reporting else 0 end)
            as won_amount_last_12_months_reporting,
        max(
            case
                when
                    (opportunities.is_open_pipeline or opportunities.is_won_last_12_months)
                    and opportunities.is_fx_rate_missing
                    then 1
                else 0
            end
        ) as has_missing_rate
    from counted_opportunities as opportunities
    group by opportunities.account_id

),

money_records as (

    -- the records the account's amounts sum, with their currencies
    select
        subscriptions.account_id,
        subscriptions.currency_code
    from live_subscriptions as subscriptions
    union all
    select
        account_id,
        currency_code
    from counted_opportunities
    where (is_open_pipeline or is_won_last_12_months) and amount is not null

),

money_currencies as (

    select
        account_id,
        count(distinct currency_code) as currency_count,
        min(currency_code) as currency_code
    from money_records
    group by account_id

),

touch_stats as (

    select
        account_id,
        max(case when channel = 'marketing' then occurred_at end) as last_marketing_touch_at,
        max(case when channel = 'sales' then occurred_at end) as last_sales_touch_at
    from touchpoints
    where account_id is not null
    group by account_id

),

signals as (

    select
        accounts.account_id,
        accounts.lifecycle_stage,
        as_of.as_of_date,
        cast(
            case
                when money_currencies.currency_count > 1 then null else coalesce(active_subscriptions.arr, 0)
            end as {{ bi_money_type() }}
        ) as arr,
        cast(
            case
                when money_currencies.currency_count > 1 then null else coalesce(active_subscriptions.mrr, 0)
            end as {{ bi_money_type() }}
        ) as mrr,
        case when money_currencies.currency_count = 1 then money_currencies.currency_code end as currency_code,
        cast(case
            when active_subscriptions.has_missing_rate = 1 then null else
                coalesce(active_subscriptions.arr_reporting, 0)
        end as {{ bi_money_type() }}) as arr_reporting,
        cast(case
            when active_subscriptions.has_missing_rate = 1 then null else
                coalesce(active_subscriptions.mrr_reporting, 0)
        end as {{ bi_money_type() }}) as mrr_reporting,
        coalesce(active_subscriptions.active_subscription_count, 0) as active_subscription_count,
        active_subscriptions.renewal_date,
        {{ dbt.datediff('as_of.as_of_date', 'active_subscriptions.renewal_date', 'day') }} as days_to_renewal,
        case active_subscriptions.payment_status_rank
            when 1 then 'failed'
            when 2 then 'overdue'
            when 3 then 'pending'
            when 4 then 'paid'
        end as payment_status,
        latest_health.health_score,
        latest_health.previous_health_score,
        latest_health.snapshot_date as health_snapshot_date,
        cast(latest_usage.licenses_purchased as {{ bi_count_type() }}) as licenses_purchased,
        cast(latest_usage.active_users as {{ bi_count_type() }}) as active_users,
        latest_usage.license_utilisation,
        cast(coalesce(ticket_stats.open_ticket_count, 0) as {{ bi_count_type() }}) as open_ticket_count,
        cast(coalesce(ticket_stats.tickets_last_90_days, 0) as {{ bi_count_type() }}) as tickets_last_90_days,
        cast(case
            when ticket_stats.ratings_last_90_days > 0
                then 1.0 * ticket_stats.good_ratings_last_90_days / ticket_stats.ratings_last_90_days
        end as {{ bi_float_type() }}) as csat_last_90_days,
        cast(case
            when money_currencies.currency_count > 1 then null else coalesce(opportunity_stats.open_pipeline_amount, 0)
        end as {{ bi_money_type() }}) as open_pipeline_amount,
        cast(coalesce(opportunity_stats.open_opportunity_count, 0) as {{ bi_count_type() }}) as open_opportunity_count,
        cast(case
            when money_currencies.currency_count > 1 then null
            else coalesce(opportunity_stats.won_amount_last_12_months, 0)
        end as {{ bi_money_type() }}) as won_amount_last_12_months,
        cast(case
            when opportunity_stats.has_missing_rate = 1 then null
            else coalesce(opportunity_stats.open_pipeline_amount_reporting, 0)
        end as {{ bi_money_type() }}) as open_pipeline_amount_reporting,
        cast(case
            when opportunity_stats.has_missing_rate = 1 then null
            else coalesce(opportunity_stats.won_amount_last_12_months_reporting, 0)
        end as {{ bi_money_type() }}) as won_amount_last_12_months_reporting,
        coalesce(active_subscriptions.has_missing_rate = 1 or opportunity_stats.has_missing_rate = 1, false)
            as is_fx_rate_missing,
        touch_stats.last_marketing_touch_at,
        touch_stats.last_sales_touch_at
    from accounts
    cross join as_of
    left join active_subscriptions on accounts.account_id = active_subscriptions.account_id
    left join health_ranked as latest_health
        on accounts.account_id = latest_health.account_id and latest_health.health_rank = 1
    left join usage_ranked as latest_usage
        on accounts.account_id = latest_usage.account_id and latest_usage.usage_rank = 1
    left join ticket_stats on accounts.account_id = ticket_stats.account_id
    left join opportunity_stats on accounts.account_id = opportunity_stats.account_id
    left join money_currencies on accounts.account_id = money_currencies.account_id
    left join touch_stats on accounts.account_id = touch_stats.account_id

)

select * from signals
