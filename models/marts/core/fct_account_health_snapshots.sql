with health_snapshots as (

    select * from {{ ref('int_account_health_snapshots') }}

),

usage_snapshots as (

    select * from {{ ref('int_account_usage_snapshots') }}

),

health as (

    select
        account_id,
        snapshot_date,
        cast(avg(health_score) as {{ bi_float_type() }}) as health_score,
        sum(arr) as cs_platform_arr,
        min(renewal_date) as cs_platform_renewal_date,
        min(customer_stage) as customer_stage,
        min(customer_status) as customer_status,
        min(csm_name) as csm_name
    from health_snapshots
    where account_id is not null
    group by account_id, snapshot_date

),

usage as (

    select
        account_id,
        snapshot_date,
        sum(licenses_purchased) as licenses_purchased,
        sum(active_users) as active_users,
        sum(logins_30d) as logins_30d
    from usage_snapshots
    where account_id is not null
    group by account_id, snapshot_date

),

joined as (

    select
        coalesce(health.account_id, usage.account_id) as account_id,
        coalesce(health.snapshot_date, usage.snapshot_date) as snapshot_date,
        health.health_score,
        health.cs_platform_arr,
        health.cs_platform_renewal_date,
        health.customer_stage,
        health.customer_status,
        health.csm_name,
        usage.licenses_purchased,
        usage.active_users,
        usage.logins_30d
    from health
    full outer join usage
        on
            health.account_id = usage.account_id
            and health.snapshot_date = usage.snapshot_date

),

final as (

    select
        account_id || '|' || cast(snapshot_date as {{ dbt.type_string() }}) as account_snapshot_id,
        account_id,
        snapshot_date,
        health_score,
        lag(health_score) over (partition by account_id order by snapshot_date) as previous_health_score,
        cast(cs_platform_arr as {{ bi_money_type() }}) as cs_platform_arr,
        cast(lag(cs_platform_arr) over (partition by account_id order by snapshot_date) as {{ bi_money_type() }})
            as previous_cs_platform_arr,
        cs_platform_renewal_date,
        customer_stage,
        customer_status,
        csm_name,
        cast(licenses_purchased as {{ bi_count_type() }}) as licenses_purchased,
        cast(active_users as {{ bi_count_type() }}) as active_users,
        cast(case when licenses_purchased > 0 then 1.0 * active_users / licenses_purchased end as {{ bi_float_type() }})
            as license_utilisation,
        cast(logins_30d as {{ bi_count_type() }}) as logins_30d
    from joined

)

select * from final
