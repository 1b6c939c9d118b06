{#- Churn risk of each customer from the declared rules in var('revops_churn_risk') (see dbt_project.yml): each
    rule fires on one signal with a severity; high when a high rule fires or enough medium rules fire together,
    medium when any rule fires, low otherwise. Accounts that are not customers get no risk. -#}
{%- set rules = var('revops_churn_risk') %}

with signals as (

    select * from {{ ref('account_signals') }}

),

health as (

    select
        account_id,
        lifecycle_stage,
        case
            when health_score is null then null
            when health_score < {{ rules.health_poor_below }} then 'poor'
            when health_score >= {{ rules.health_good_at_least }} then 'good'
            else 'watch'
        end as health_band,
        case
            when health_score is null or previous_health_score is null then null
            when health_score - previous_health_score >= {{ rules.health_trend_points }} then 'improving'
            when previous_health_score - health_score >= {{ rules.health_trend_points }} then 'declining'
            else 'stable'
        end as health_trend,
        {%- set at_risk = "'" ~ (rules.payment_statuses_at_risk | join("', '")) ~ "'" %}
        coalesce(payment_status in ({{ at_risk }}), false) as is_payment_issue,
        coalesce(health_score < {{ rules.health_poor_below }}, false) as is_low_health,
        coalesce(
            health_score >= {{ rules.health_poor_below }} and health_score < {{ rules.health_good_at_least }},
            false
        ) as is_health_watch,
        coalesce(previous_health_score - health_score >= {{ rules.health_drop_points }}, false)
            as is_health_dropping,
        coalesce(license_utilisation < {{ rules.low_utilisation_below }}, false) as is_low_utilisation,
        coalesce(days_to_renewal <= {{ rules.renewal_window_days }}, false) as is_renewal_soon,
        open_ticket_count >= {{ rules.open_tickets_at_least }} as has_many_open_tickets,
        coalesce(csat_last_90_days < {{ rules.low_csat_below }}, false) as is_low_csat
    from signals

),

scored as (

    select
        health.*,
        (case when health.is_payment_issue then 1 else 0 end)
        + (case when health.is_low_health then 1 else 0 end) as high_rule_count,
        (case when health.is_health_watch then 1 else 0 end)
        + (case when health.is_health_dropping then 1 else 0 end)
        + (case when health.is_low_utilisation then 1 else 0 end)
        + (case when health.is_renewal_soon then 1 else 0 end)
        + (case when health.has_many_open_tickets then 1 else 0 end)
        + (case when health.is_low_csat then 1 else 0 end) as medium_rule_count
    from health

),

final as (

    select
        account_id,
        health_band,
        health_trend,
        case
            when lifecycle_stage <> 'customer' then null
            when high_rule_count > 0 or medium_rule_count >= {{ rules.medium_rules_for_high }} then 'high'
            when medium_rule_count > 0 then 'medium'
            else 'low'
        end as churn_risk,
        case
            when lifecycle_stage = 'customer'
                then nullif(
                        concat_ws(
                            ',',
                            case when is_payment_issue then 'payment_issue' end,
                            case when is_low_health then 'low_health' end,
                            case when is_health_watch then 'health_watch' end,
                            case when is_health_dropping then 'health_dropping' end,
                            case when is_low_utilisation then 'low_utilisation' end,
                            case when is_renewal_soon then 'renewal_soon' end,
                            case when has_many_open_tickets then 'many_open_tickets' end,
                            case when is_low_csat then 'low_csat' end
                        ),
                        ''
                    )
        end as churn_risk_reasons
    from scored

)

select * from final
