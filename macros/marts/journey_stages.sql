{#- The funnel stage an account reaches with a journey event (fct_customer_journey.account_stage): the highest
    rank seen so far wins, unless a churn came after the last customer event. -#}
{% macro journey_stage_rank(event_type) -%}
    case {{ event_type }}
        when 'first_touch' then 1
        when 'form_submission' then 1
        when 'mql' then 2
        when 'sql' then 3
        when 'opportunity_created' then 4
        when 'stage_change' then 4
        when 'opportunity_lost' then 4
        when 'opportunity_won' then 5
        when 'renewal' then 5
        when 'subscription_started' then 5
        else 0
    end
{%- endmacro %}

{#- The event time when the event makes the account a customer (again), else null. -#}
{% macro journey_customer_event_at(event_type, event_at) -%}
    case when {{ event_type }} in ('opportunity_won', 'renewal', 'subscription_started') then {{ event_at }} end
{%- endmacro %}

{#- The event time when the event is a churn, else null. -#}
{% macro journey_churn_event_at(event_type, event_at) -%}
    case when {{ event_type }} = 'churn' then {{ event_at }} end
{%- endmacro %}
