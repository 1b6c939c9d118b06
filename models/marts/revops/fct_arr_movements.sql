{#- ARR bridge per account and month. Movements are classified on the account's ARR in its currency (arr), or on
    arr_reporting for an account whose subscriptions are in several currencies; the *_reporting columns are the same
    bridge in the reporting currency (each subscription at the as-of date's rate, so they reconcile month to month). -#}
with monthly_arr as (

    select * from {{ ref('int_account_arr_monthly') }}

),

in_cents as (  -- rounded once, before any movement: the bridge then adds up to the cent

    select
        account_id,
        month_start,
        currency_code,
        is_fx_rate_missing,
        cast(arr as {{ bi_money_type() }}) as arr,
        cast(arr_reporting as {{ bi_money_type() }}) as arr_reporting
    from monthly_arr

),

sequenced as (

    select
        account_id,
        month_start,
        currency_code,
        is_fx_rate_missing,
        coalesce(arr, arr_reporting) as arr_classified,
        arr as ending_arr,
        coalesce(lag(arr) over (partition by account_id order by month_start), 0) as starting_arr,
        arr_reporting as ending_arr_reporting,
        case
            when lag(month_start) over (partition by account_id order by month_start) is null then 0
            else lag(arr_reporting) over (partition by account_id order by month_start)
        end as starting_arr_reporting,
        coalesce(lag(coalesce(arr, arr_reporting)) over (partition by account_id order by month_start), 0)
            as starting_arr_classified,
        coalesce(
            max(coalesce(arr, arr_reporting)) over (
                partition by account_id order by month_start rows between unbounded preceding and 1 preceding
            ),
            0
        ) as previous_peak_arr
    from in_cents

),

classified as (

    select
        sequenced.*,
        case
            when
                sequenced.starting_arr_classified = 0
                and sequenced.arr_classified > 0
                and sequenced.previous_peak_arr > 0
                then 'reactivation'
            when sequenced.starting_arr_classified = 0 and sequenced.arr_classified > 0 then 'new'
            when sequenced.starting_arr_classified > 0 and sequenced.arr_classified = 0 then 'churn'
            when sequenced.arr_classified > sequenced.starting_arr_classified then 'expansion'
            when sequenced.arr_classified < sequenced.starting_arr_classified then 'contraction'
            else 'none'
        end as movement_type
    from sequenced
    where sequenced.starting_arr_classified > 0 or sequenced.arr_classified > 0

),

bridged as (

    select
        account_id,
        month_start,
        movement_type,
        currency_code,
        starting_arr_reporting is null or ending_arr_reporting is null as is_fx_rate_missing,
        starting_arr,
        case when movement_type = 'new' then ending_arr else 0 end as new_arr,
        case when movement_type = 'expansion' then ending_arr - starting_arr else 0 end as expansion_arr,
        case when movement_type = 'contraction' then ending_arr - starting_arr else 0 end as contraction_arr,
        case when movement_type = 'churn' then -starting_arr else 0 end as churned_arr,
        case when movement_type = 'reactivation' then ending_arr else 0 end as reactivation_arr,
        ending_arr - starting_arr as net_arr_change,
        ending_arr,
        starting_arr_reporting,
        case when movement_type = 'new' then ending_arr_reporting else 0 end as new_arr_reporting,
        case
            when movement_type = 'expansion' then ending_arr_reporting - starting_arr_reporting else 0
        end as expansion_arr_reporting,
        case
            when movement_type = 'contraction' then ending_arr_reporting - starting_arr_reporting else 0
        end as contraction_arr_reporting,
        case when movement_type = 'churn' then -starting_arr_reporting else 0 end as churned_arr_reporting,
        case when movement_type = 'reactivation' then ending_arr_reporting else 0 end as reactivation_arr_reporting,
        ending_arr_reporting - starting_arr_reporting as net_arr_change_reporting,
        ending_arr_reporting
    from classified

),

final as (

    -- the account's own amounts only in one currency; the reporting ones only when every amount had a rate
    select
        account_id || '|' || cast(month_start as {{ dbt.type_string() }}) as arr_movement_id,
        account_id,
        month_start,
        cast(case when ending_arr is not null then starting_arr end as {{ bi_money_type() }}) as starting_arr,
        cast(case when ending_arr is not null then new_arr end as {{ bi_money_type() }}) as new_arr,
        cast(case when ending_arr is not null then expansion_arr end as {{ bi_money_type() }}) as expansion_arr,
        cast(case when ending_arr is not null then contraction_arr end as {{ bi_money_type() }}) as contraction_arr,
        cast(case when ending_arr is not null then churned_arr end as {{ bi_money_type() }}) as churned_arr,
        cast(case when ending_arr is not null then reactivation_arr end as {{ bi_money_type() }}) as reactivation_arr,
        cast(case when ending_arr is not null then net_arr_change end as {{ bi_money_type() }}) as net_arr_change,
        cast(ending_arr as {{ bi_money_type() }}) as ending_arr,
        movement_type,
        currency_code,
        cast(case when not is_fx_rate_missing then starting_arr_reporting end as {{ bi_money_type() }})
            as starting_arr_reporting,
        cast(case when not is_fx_rate_missing then new_arr_reporting end as {{ bi_money_type() }}) as new_arr_reporting,
        cast(case when not is_fx_rate_missing then expansion_arr_reporting end as {{ bi_money_type() }})
            as expansion_arr_reporting,
        cast(case when not is_fx_rate_missing then contraction_arr_reporting end as {{ bi_money_type() }})
            as contraction_arr_reporting,
        cast(case when not is_fx_rate_missing then churned_arr_reporting end as {{ bi_money_type() }})
            as churned_arr_reporting,
        cast(case when not is_fx_rate_missing then reactivation_arr_reporting end as {{ bi_money_type() }})
            as reactivation_arr_reporting,
        cast(case when not is_fx_rate_missing then net_arr_change_reporting end as {{ bi_money_type() }})
            as net_arr_change_reporting,
        cast(case when not is_fx_rate_missing then ending_arr_reporting end as {{ bi_money_type() }})
            as ending_arr_reporting,
        is_fx_rate_missing
    from bridged

)

select * from final
