{#- The columns of one fct_customer_journey event, in the mart's order: event_id is '<event_type>|<key>'; a
    column not given is a null of its type. Arguments are SQL expressions (a literal event type in quotes). -#}
{% macro journey_event(
    event_type, key, event_at, source_system, detail,
    account_id='account_id', person_id=none, amount=none, currency_code=none, loaded_at=none
) -%}
    {{ event_type }} || '|' || {{ key }} as event_id,
        {{ account_id }} as account_id,
        {{ person_id or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as person_id,
        {{ event_at }} as event_at,
        {{ event_type }} as event_type,
        {{ source_system }} as event_source_system,
        {{ detail }} as event_detail,
        cast({{ amount or 'null' }} as {{ revops_warehouse.bi_float_type() }}) as amount,
        {{ currency_code or 'cast(null as ' ~ dbt.type_string() ~ ')' }} as currency_code,
        {{ loaded_at or 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }} as loaded_at
{%- endmacro %}
