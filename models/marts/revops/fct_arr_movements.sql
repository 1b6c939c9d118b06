with monthly_arr as (

    select * from {{ ref('int_account_arr_monthly') }}

),

sequenced as (

    select
        account_id,
        month_start,
        arr as ending_arr,
        coalesce(lag(arr) over (partition by account_id order by month_start), 0) as starting_arr,
        coalesce(
            max(arr) over (
                partition by account_id order by month_start rows between unbounded preceding and 1 preceding
            ),
            0
        ) as previous_peak_arr
    from monthly_arr

),

classified as (

    select
        sequenced.*,
        case
            when
                sequenced.starting_arr = 0 and sequenced.ending_arr > 0 and sequenced.previous_peak_arr > 0
                then 'reactivation'
            when sequenced.starting_arr = 0 and sequenced.ending_arr > 0 then 'new'
            when sequenced.starting_arr > 0 and sequenced.ending_arr = 0 then 'churn'
            when sequenced.ending_arr > sequenced.starting_arr then 'expansion'
            when sequenced.ending_arr < sequenced.starting_arr then 'contraction'
            else 'none'
        end as movement_type
    from sequenced
    where sequenced.starting_arr > 0 or sequenced.ending_arr > 0

),

final as (

    select
        account_id || '|' || cast(month_start as {{ dbt.type_string() }}) as arr_movement_id,
        account_id,
        month_start,
        starting_arr,
        case when movement_type = 'new' then ending_arr else 0 end as new_arr,
        case when movement_type = 'expansion' then ending_arr - starting_arr else 0 end as expansion_arr,
        case when movement_type = 'contraction' then ending_arr - starting_arr else 0 end as contraction_arr,
        case when movement_type = 'churn' then -starting_arr else 0 end as churned_arr,
        case when movement_type = 'reactivation' then ending_arr else 0 end as reactivation_arr,
        ending_arr - starting_arr as net_arr_change,
        ending_arr,
        movement_type
    from classified

)

select * from final
