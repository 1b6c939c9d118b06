{#- Lead response time by month (of the clock start, fct_lead_response) and by the system of the first response:
    one row per month and source system, plus one row per month with source_system 'all' (every lead, answered or
    not). Medians and p90 are over the answered leads; share_within_sla over every lead of the row. -#}
with lead_responses as (

    select
        cast({{ dbt.date_trunc('month', 'clock_started_at') }} as date) as response_month,
        *
    from {{ ref('fct_lead_response') }}

),

scoped_leads as (  -- each answered lead under the system of its first response, and every lead under 'all'

    select
        lead_responses.activity_source_system as source_system,
        lead_responses.*
    from lead_responses
    where lead_responses.has_response
    union all
    select
        'all' as source_system,
        lead_responses.*
    from lead_responses

),

by_month_and_system as (

    select
        response_month,
        source_system,
        count(*) as leads,
        sum(case when has_response then 1 else 0 end) as responded_leads,
        {{ percentile_cont('lead_response_minutes', 0.5) }} as median_response_minutes,
        {{ percentile_cont('lead_response_minutes', 0.9) }} as p90_response_minutes,
        sum(case when responded_within_sla then 1 else 0 end) as leads_within_sla
    from scoped_leads
    group by response_month, source_system

),

final as (

    select
        response_month,
        source_system,
        leads,
        cast(responded_leads as {{ bi_count_type() }}) as responded_leads,
        median_response_minutes,
        p90_response_minutes,
        cast(leads_within_sla as {{ bi_count_type() }}) as leads_within_sla,
        cast(cast(leads_within_sla as {{ dbt.type_numeric() }}) / leads as {{ bi_float_type() }}) as share_within_sla
    from by_month_and_system

)

select * from final
