{#- activity_type(column): the canonical activity type (call, meeting, email, task, note) of a source value, from
    var revops_activity_types (lower-cased, trimmed match); a value listed nowhere is 'other', NULL stays NULL.
    activity_direction(column): 'inbound' / 'outbound' from var revops_activity_directions, else NULL. -#}
{% macro activity_type(column) -%}
    case when {{ column }} is null then null
    {{ revops_warehouse.activity_value_whens(column, var('revops_activity_types')) }}
    else 'other' end
{%- endmacro %}

{% macro activity_direction(column) -%}
    case {{ revops_warehouse.activity_value_whens(column, var('revops_activity_directions')) }} end
{%- endmacro %}

{#- One `when lower(trim(column))` is one of the values `then 'canonical'` per canonical value of `mapping`. -#}
{% macro activity_value_whens(column, mapping) -%}
    {%- set whens = [] -%}
    {%- for canonical, values in mapping.items() -%}
        {%- do whens.append(
            "when " ~ revops_warehouse.is_one_of("lower(trim(" ~ column ~ "))", values) ~ " then '" ~ canonical ~ "'"
        ) -%}
    {%- endfor -%}
    {{ whens | join("\n") }}
{%- endmacro %}
