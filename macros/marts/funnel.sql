{#- Whether a funnel timestamp holds a date only: a date-only source value (a Salesforce date field such as Lead
    ConvertedDate or CampaignMember FirstRespondedDate, a subscription start, an export whose dates lost their
    time) is read or cast to midnight UTC, and only such values sit exactly on midnight in practice. ANSI SQL. -#}
{% macro timestamp_is_date_only(expression) -%}
    coalesce(cast(cast({{ expression }} as date) as {{ dbt.type_timestamp() }}) = {{ expression }}, false)
{%- endmacro %}
