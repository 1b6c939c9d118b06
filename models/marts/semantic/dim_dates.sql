{#- One row per day from 2000-01-01 to 2039-12-31: the date dimension, and the semantic layer's time spine
    (MetricFlow joins metrics to it for time grains and cumulative windows; _semantic__models.yml). A fixed range, so
    the same project always gives the same table. -#}
with day_offsets as (

    -- 0 … 99999 days after the first day
    {{ integer_series('day_offset', 5) }}

),

days as (

    select cast({{ dbt.dateadd('day', 'day_offset', "cast('2000-01-01' as date)") }} as date) as date_day
    from day_offsets

),

final as (

    select
        date_day,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'date_day') }} as date) as year_start_date
    from days
    where date_day <= cast('2039-12-31' as date)

)

select * from final
