{#- One row per ISO week (Monday start) for the whole organisation, from the week of the first opportunity created to
    the week of the warehouse's as-of date. Every amount is in the reporting currency (amount_reporting: never raw
    amounts of different currencies summed). A week is measured on its last day, or on the as-of date for the current
    week (measured_on). Definitions: README "Pipeline metrics" and _revops__models.yml. -#}
{%- set pipeline = var('revops_pipeline', {}) -%}
{%- set trailing_days = pipeline.get('trailing_days', 90) | int -%}
{%- set quarterly_quota = pipeline.get('quarterly_quota') -%}

with opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

close_date_changes as (

    select * from {{ ref('int_opportunity_close_date_changes') }}

),

quotas as (

    select * from {{ ref('sales_quotas') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

deals as (

    select
        opportunity_id,
        cast(created_at as date) as created_on,
        cast(closed_at as date) as closed_on,
        close_date,
        is_closed,
        is_won,
        amount_reporting,
        is_fx_rate_missing
    from opportunities
    where not coalesce(is_deleted, false) and created_at is not null

),

week_offsets as (

    -- 0 … 9999 weeks after the first week
    {{ integer_series('week_offset', 4) }}

),

bounds as (

    select
        cast({{ dbt.date_trunc('week', 'min(deals.created_on)') }} as date) as first_week_start,
        cast({{ dbt.date_trunc('week', 'max(as_of.as_of_date)') }} as date) as last_week_start,
        max(as_of.as_of_date) as as_of_date
    from deals
    cross join as_of

),

week_starts as (

    select
        cast({{ dbt.dateadd('week', 'week_offsets.week_offset', 'bounds.first_week_start') }} as date)
            as week_start_date,
        bounds.as_of_date
    from bounds
    cross join week_offsets
    where {{ dbt.dateadd('week', 'week_offsets.week_offset', 'bounds.first_week_start') }} <= bounds.last_week_start

),

weeks as (

    select
        week_start_date,
        cast({{ dbt.dateadd('day', 6, 'week_start_date') }} as date) as week_end_date,
        case
            when as_of_date < {{ dbt.dateadd('day', 6, 'week_start_date') }} then as_of_date
            else cast({{ dbt.dateadd('day', 6, 'week_start_date') }} as date)
        end as measured_on
    from week_starts

),

week_periods as (

    select
        week_start_date,
        week_end_date,
        measured_on,
        cast({{ dbt.date_trunc('quarter', 'measured_on') }} as date) as quarter_start_date,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, dbt.date_trunc('quarter', 'measured_on'))) }} as date
        ) as quarter_end_date,
        cast({{ dbt.dateadd('day', 1 - trailing_days, 'measured_on') }} as date) as trailing_start_date
    from weeks

),

created as (

    select
        week_periods.week_start_date,
        count(*) as pipeline_created_count,
        sum(deals.amount_reporting) as pipeline_created_amount,
        sum(case when deals.is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_count
    from week_periods
    inner join deals
        on deals.created_on between week_periods.week_start_date and week_periods.week_end_date
    group by week_periods.week_start_date

),

open_at_week_end as (

    select
        week_periods.week_start_date,
        count(*) as open_pipeline_count,
        sum(deals.amount_reporting) as open_pipeline_amount,
        sum(
            case
                when deals.close_date between week_periods.quarter_start_date and week_periods.quarter_end_date
                    then deals.amount_reporting
                else 0
            end
        ) as open_pipeline_quarter_amount,
        sum(case when deals.is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_count
    from week_periods
    inner join deals
        on
            week_periods.measured_on >= deals.created_on
            and (deals.closed_on is null or week_periods.measured_on < deals.closed_on)
    group by week_periods.week_start_date

),

won_quarter_to_date as (

    select
        week_periods.week_start_date,
        sum(deals.amount_reporting) as won_quarter_to_date_amount,
        sum(case when deals.is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_count
    from week_periods
    inner join deals
        on
            deals.is_won
            and deals.closed_on between week_periods.quarter_start_date and week_periods.measured_on
    group by week_periods.week_start_date

),

closed_trailing as (

    select
        week_periods.week_start_date,
        sum(case when deals.is_won then 1 else 0 end) as won_count,
        sum(case when deals.is_won then 0 else 1 end) as lost_count,
        sum(case when deals.is_won then deals.amount_reporting end) as won_amount,
        sum(case when deals.is_won then null else deals.amount_reporting end) as lost_amount,
        cast(avg(
            case when deals.is_won then {{ dbt.datediff('deals.created_on', 'deals.closed_on', 'day') }} end
        ) as {{ bi_float_type() }}) as average_sales_cycle_days,
        sum(case when deals.is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_count
    from week_periods
    inner join deals
        on
            deals.is_closed
            and deals.closed_on between week_periods.trailing_start_date and week_periods.measured_on
    group by week_periods.week_start_date

),

moved_deals as (

    select distinct
        week_periods.week_start_date,
        close_date_changes.change_direction,
        deals.opportunity_id,
        deals.amount_reporting,
        deals.is_fx_rate_missing
    from week_periods
    inner join close_date_changes
        on
            cast(close_date_changes.changed_at as date)
            between week_periods.week_start_date and week_periods.week_end_date
    inner join deals on close_date_changes.opportunity_id = deals.opportunity_id
    where close_date_changes.change_direction in ('slipped', 'pulled_in')

),

moved as (

    select
        week_start_date,
        sum(case when change_direction = 'slipped' then 1 else 0 end) as slipped_count,
        sum(case when change_direction = 'slipped' then amount_reporting end) as slipped_amount,
        sum(case when change_direction = 'pulled_in' then 1 else 0 end) as pulled_in_count,
        sum(case when change_direction = 'pulled_in' then amount_reporting end) as pulled_in_amount,
        sum(case when is_fx_rate_missing then 1 else 0 end) as fx_rate_missing_count
    from moved_deals
    group by week_start_date

),

quota_rows as (

    select
        period_start,
        period_end,
        quota_amount,
        coalesce(trim(owner_name), '') = '' as is_team_quota
    from quotas
    where period_end >= period_start

),

quarters as (

    select distinct
        quarter_start_date,
        quarter_end_date
    from week_periods

),

quarter_quota_shares as (

    select
        quarters.quarter_start_date,
        quota_rows.is_team_quota,
        quota_rows.quota_amount
        * ({{ dbt.datediff(
            'greatest(quota_rows.period_start, quarters.quarter_start_date)',
            'least(quota_rows.period_end, quarters.quarter_end_date)', 'day') }} + 1)
        / ({{ dbt.datediff('quota_rows.period_start', 'quota_rows.period_end', 'day') }} + 1) as quota_share
    from quarters
    inner join quota_rows
        on
            quarters.quarter_end_date >= quota_rows.period_start
            and quarters.quarter_start_date <= quota_rows.period_end

),

quarter_quotas as (

    select
        quarter_start_date,
        case
            when max(case when is_team_quota then 1 else 0 end) = 1
                then sum(case when is_team_quota then quota_share end)
            else sum(quota_share)
        end as quota_amount
    from quarter_quota_shares
    group by quarter_start_date

),

assembled as (

    select
        week_periods.week_start_date,
        week_periods.week_end_date,
        week_periods.measured_on,
        week_periods.quarter_start_date,
        reporting_currency.reporting_currency,
        cast(coalesce(created.pipeline_created_count, 0) as {{ dbt.type_bigint() }}) as pipeline_created_count,
        coalesce(created.pipeline_created_amount, 0) as pipeline_created_amount,
        cast(coalesce(open_at_week_end.open_pipeline_count, 0) as {{ dbt.type_bigint() }}) as open_pipeline_count,
        coalesce(open_at_week_end.open_pipeline_amount, 0) as open_pipeline_amount,
        coalesce(open_at_week_end.open_pipeline_quarter_amount, 0) as open_pipeline_quarter_amount,
        cast(
            coalesce(
                quarter_quotas.quota_amount,
                {% if quarterly_quota is none %}null{% else %}{{ quarterly_quota }}{% endif %}
            ) as {{ dbt.type_numeric() }}
        ) as quota_amount,
        coalesce(won_quarter_to_date.won_quarter_to_date_amount, 0) as won_quarter_to_date_amount,
        cast(coalesce(closed_trailing.won_count, 0) as {{ dbt.type_bigint() }}) as won_count_trailing,
        cast(coalesce(closed_trailing.lost_count, 0) as {{ dbt.type_bigint() }}) as lost_count_trailing,
        coalesce(closed_trailing.won_amount, 0) as won_amount_trailing,
        coalesce(closed_trailing.lost_amount, 0) as lost_amount_trailing,
        closed_trailing.average_sales_cycle_days,
        cast(coalesce(moved.slipped_count, 0) as {{ dbt.type_bigint() }}) as slipped_count,
        coalesce(moved.slipped_amount, 0) as slipped_amount,
        cast(coalesce(moved.pulled_in_count, 0) as {{ dbt.type_bigint() }}) as pulled_in_count,
        coalesce(moved.pulled_in_amount, 0) as pulled_in_amount,
        coalesce(created.fx_rate_missing_count, 0)
        + coalesce(open_at_week_end.fx_rate_missing_count, 0)
        + coalesce(won_quarter_to_date.fx_rate_missing_count, 0)
        + coalesce(closed_trailing.fx_rate_missing_count, 0)
        + coalesce(moved.fx_rate_missing_count, 0) > 0 as has_fx_rate_missing
    from week_periods
    cross join reporting_currency
    left join created on week_periods.week_start_date = created.week_start_date
    left join open_at_week_end on week_periods.week_start_date = open_at_week_end.week_start_date
    left join won_quarter_to_date on week_periods.week_start_date = won_quarter_to_date.week_start_date
    left join closed_trailing on week_periods.week_start_date = closed_trailing.week_start_date
    left join moved on week_periods.week_start_date = moved.week_start_date
    left join quarter_quotas on week_periods.quarter_start_date = quarter_quotas.quarter_start_date

),

final as (

    select
        week_start_date,
        week_end_date,
        measured_on,
        reporting_currency,
        pipeline_created_count,
        cast(pipeline_created_amount as {{ bi_money_type() }}) as pipeline_created_amount,
        open_pipeline_count,
        cast(open_pipeline_amount as {{ bi_money_type() }}) as open_pipeline_amount,
        quarter_start_date,
        cast(open_pipeline_quarter_amount as {{ bi_money_type() }}) as open_pipeline_quarter_amount,
        quota_amount,
        cast(won_quarter_to_date_amount as {{ bi_money_type() }}) as won_quarter_to_date_amount,
        cast(quota_amount - won_quarter_to_date_amount as {{ bi_money_type() }}) as remaining_quota_amount,
        cast(case
            when quota_amount - won_quarter_to_date_amount > 0
                then open_pipeline_quarter_amount / (quota_amount - won_quarter_to_date_amount)
        end as {{ bi_float_type() }}) as pipeline_coverage,
        won_count_trailing,
        lost_count_trailing,
        cast(won_amount_trailing as {{ bi_money_type() }}) as won_amount_trailing,
        cast(lost_amount_trailing as {{ bi_money_type() }}) as lost_amount_trailing,
        cast(case
            when won_count_trailing + lost_count_trailing > 0
                then cast(won_count_trailing as {{ dbt.type_numeric() }}) / (won_count_trailing + lost_count_trailing)
        end as {{ bi_float_type() }}) as win_rate_count,
        cast(case
            when won_amount_trailing + lost_amount_trailing > 0
                then won_amount_trailing / (won_amount_trailing + lost_amount_trailing)
        end as {{ bi_float_type() }}) as win_rate_amount,
        average_sales_cycle_days,
        slipped_count,
        cast(slipped_amount as {{ bi_money_type() }}) as slipped_amount,
        pulled_in_count,
        cast(pulled_in_amount as {{ bi_money_type() }}) as pulled_in_amount,
        has_fx_rate_missing
    from assembled

)

select * from final
