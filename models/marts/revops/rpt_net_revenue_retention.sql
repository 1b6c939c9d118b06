with arr_movements as (

    select * from {{ ref('fct_arr_movements') }}

),

monthly as (

    select
        month_start,
        sum(starting_arr) as starting_arr,
        sum(new_arr) as new_arr,
        sum(expansion_arr) as expansion_arr,
        sum(contraction_arr) as contraction_arr,
        sum(churned_arr) as churned_arr,
        sum(reactivation_arr) as reactivation_arr,
        sum(ending_arr) as ending_arr,
        sum(case when starting_arr > 0 then 1 else 0 end) as starting_account_count,
        sum(case when movement_type = 'churn' then 1 else 0 end) as churned_account_count
    from arr_movements
    group by month_start

),

final as (

    select
        month_start,
        starting_arr,
        new_arr,
        expansion_arr,
        contraction_arr,
        churned_arr,
        reactivation_arr,
        ending_arr,
        starting_account_count,
        churned_account_count,
        case
            when starting_arr > 0 then (starting_arr + expansion_arr + contraction_arr + churned_arr) / starting_arr
        end as net_revenue_retention,
        case
            when starting_arr > 0 then (starting_arr + contraction_arr + churned_arr) / starting_arr
        end as gross_revenue_retention
    from monthly

)

select * from final
