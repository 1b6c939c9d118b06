{#- Lead response time: one row per person whose response clock starts, at their MQL (dim_people.became_mql_at), else
    at their lead creation (became_lead_at: the marketing system's lead date, else the person's first record). The
    response is the first sales activity at or after that instant (fct_activities; the activity types of var
    revops_lead_response.activity_types, inbound ones left out: the lead reaching out is no response). Activities
    before the clock starts never count. -#}
{%- set rule = var('revops_lead_response') %}
{%- set response_types = [] %}
{%- for activity_type in rule.activity_types %}{% do response_types.append("'" ~ activity_type ~ "'") %}{% endfor %}

with people as (

    select * from {{ ref('dim_people') }}

),

activities as (

    select * from {{ ref('fct_activities') }}

),

clocks as (

    select
        person_id,
        account_id,
        became_mql_at as mql_at,
        became_lead_at as lead_created_at,
        coalesce(became_mql_at, became_lead_at) as clock_started_at,
        case when became_mql_at is not null then 'mql' else 'lead_created' end as clock_start_event
    from people
    where coalesce(became_mql_at, became_lead_at) is not null

),

response_activities as (

    select *
    from activities
    where
        person_id is not null
        and activity_type in ({{ response_types | join(', ') }})
        and (direction is null or direction <> 'inbound')

),

candidate_responses as (

    select
        clocks.person_id,
        response_activities.activity_id,
        response_activities.occurred_at,
        response_activities.activity_type,
        response_activities.source_system,
        row_number() over (
            partition by clocks.person_id
            order by response_activities.occurred_at asc, response_activities.activity_id asc
        ) as response_rank
    from clocks
    inner join response_activities
        on
            clocks.person_id = response_activities.person_id
            and clocks.clock_started_at <= response_activities.occurred_at

),

first_responses as (

    select * from candidate_responses
    where response_rank = 1

),

final as (

    select
        clocks.person_id,
        clocks.account_id,
        clocks.mql_at,
        clocks.lead_created_at,
        clocks.clock_started_at,
        clocks.clock_start_event,
        first_responses.activity_id as first_activity_id,
        first_responses.occurred_at as first_activity_at,
        first_responses.activity_type,
        first_responses.source_system as activity_source_system,
        {{ dbt.datediff('clocks.clock_started_at', 'first_responses.occurred_at', 'minute') }}
            as lead_response_minutes,
        first_responses.activity_id is not null as has_response,
        coalesce(
            {{ dbt.datediff('clocks.clock_started_at', 'first_responses.occurred_at', 'minute') }}
            <= {{ rule.sla_minutes }},
            false
        ) as responded_within_sla
    from clocks
    left join first_responses on clocks.person_id = first_responses.person_id

)

select * from final
