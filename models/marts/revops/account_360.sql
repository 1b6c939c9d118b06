with accounts as (

    select * from {{ ref('dim_accounts') }}

),

signals as (

    select * from {{ ref('account_signals') }}

),

churn_risk as (

    select * from {{ ref('account_churn_risk') }}

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.domain,
        accounts.lifecycle_stage,
        accounts.owner_name,
        accounts.csm_name,
        cast(signals.arr as {{ bi_money_type() }}) as arr,
        cast(signals.mrr as {{ bi_money_type() }}) as mrr,
        signals.currency_code,
        cast(signals.arr_reporting as {{ bi_money_type() }}) as arr_reporting,
        cast(signals.mrr_reporting as {{ bi_money_type() }}) as mrr_reporting,
        signals.active_subscription_count,
        signals.renewal_date,
        signals.days_to_renewal,
        signals.payment_status,
        signals.health_score,
        signals.previous_health_score,
        churn_risk.health_band,
        churn_risk.health_trend,
        churn_risk.churn_risk,
        churn_risk.churn_risk_reasons,
        cast(signals.licenses_purchased as {{ bi_count_type() }}) as licenses_purchased,
        cast(signals.active_users as {{ bi_count_type() }}) as active_users,
        signals.license_utilisation,
        cast(signals.open_pipeline_amount as {{ bi_money_type() }}) as open_pipeline_amount,
        cast(signals.open_opportunity_count as {{ bi_count_type() }}) as open_opportunity_count,
        cast(signals.won_amount_last_12_months as {{ bi_money_type() }}) as won_amount_last_12_months,
        cast(signals.open_pipeline_amount_reporting as {{ bi_money_type() }}) as open_pipeline_amount_reporting,
        cast(signals.won_amount_last_12_months_reporting as {{ bi_money_type() }})
            as won_amount_last_12_months_reporting,
        signals.is_fx_rate_missing,
        cast(signals.open_ticket_count as {{ bi_count_type() }}) as open_ticket_count,
        cast(signals.tickets_last_90_days as {{ bi_count_type() }}) as tickets_last_90_days,
        signals.csat_last_90_days,
        signals.last_marketing_touch_at,
        signals.last_sales_touch_at,
        signals.as_of_date
    from accounts
    inner join signals on accounts.account_id = signals.account_id
    left join churn_risk on accounts.account_id = churn_risk.account_id

)

select * from final
