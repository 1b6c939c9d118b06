{#-
    person_lifecycle(stage=none, lead_at=none, mql_at=none, sql_at=none, opportunity_at=none, customer_at=none):
    the lifecycle columns of a person record adapter (lifecycle_stage, became_lead_at, became_mql_at,
    became_sql_at, became_opportunity_at, became_customer_at), each the SQL expression given for it, or null
    where the source does not record that step, cast to text (the stage) and timestamp (the dates):
        person_lifecycle()                                   a source without lifecycle stages
        person_lifecycle(stage='lead_status', lead_at='created_at', opportunity_at='converted_date')
-#}

{% macro person_lifecycle(
    stage=none, lead_at=none, mql_at=none, sql_at=none, opportunity_at=none, customer_at=none
) -%}
    {%- set dates = {
        'became_lead_at': lead_at,
        'became_mql_at': mql_at,
        'became_sql_at': sql_at,
        'became_opportunity_at': opportunity_at,
        'became_customer_at': customer_at,
    } -%}
    cast({{ stage or 'null' }} as {{ dbt.type_string() }}) as lifecycle_stage,
    {%- for column, expression in dates.items() %}
    cast({{ expression or 'null' }} as {{ dbt.type_timestamp() }}) as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
