{#- activity_type(column): the canonical activity type (call, meeting, email, task, note) of a source value, from
    var revops_activity_types (lower-cased, trimmed match); a value listed nowhere is 'other', NULL stays NULL.
    activity_direction(column): 'inbound' / 'outbound' from var revops_activity_directions, else NULL. -#}
{% macro activity_type(column) -%}
    {%- set types = var('revops_activity_types') -%}
    case
        when {{ column }} is null then null
        {%- for canonical, values in types.items() %}
        when lower(trim({{ column }})) in (
            {%- for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then '{{ canonical }}'
        {%- endfor %}
        else 'other'
    end
{%- endmacro %}

{% macro activity_direction(column) -%}
    {%- set directions = var('revops_activity_directions') -%}
    case
        {%- for canonical, values in directions.items() %}
        when lower(trim({{ column }})) in (
            {%- for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%}
        ) then '{{ canonical }}'
        {%- endfor %}
    end
{%- endmacro %}
