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
        signals.arr,
        signals.mrr,
        signals.currency_code,
        signals.arr_reporting,
        signals.mrr_reporting,
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
        signals.licenses_purchased,
        signals.active_users,
        signals.license_utilisation,
        signals.open_pipeline_amount,
        signals.open_opportunity_count,
        signals.won_amount_last_12_months,
        signals.open_pipeline_amount_reporting,
        signals.won_amount_last_12_months_reporting,
        signals.is_fx_rate_missing,
        signals.open_ticket_count,
        signals.tickets_last_90_days,
        signals.csat_last_90_days,
        signals.last_marketing_touch_at,
        signals.last_sales_touch_at,
        signals.as_of_date
    from accounts
    inner join signals on accounts.account_id = signals.account_id
    left join churn_risk on accounts.account_id = churn_risk.account_id

)

select * from final
