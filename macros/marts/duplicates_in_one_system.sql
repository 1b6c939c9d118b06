{#- The records of one entity (account or person) that share it with another record of their own system and
    object (two Salesforce accounts for one company): merged in the warehouse, listed so ops can merge them at the
    source too. `entity`: 'account' or 'person' (reads <entity>_source_map and int_<entity>_records_unioned);
    `record_columns`: the columns of the record shown beside the match. -#}
{% macro duplicates_in_one_system(entity, record_columns) -%}
    {%- set entity_id = entity ~ '_id' -%}
with source_map as (

    select * from {{ ref(entity ~ '_source_map') }}

),

records as (

    select * from {{ ref('int_' ~ entity ~ '_records_unioned') }}

),

counted as (

    select
        source_map.{{ entity_id }},
        source_map.source_system,
        source_map.source_object,
        source_map.source_record_id,
    {%- for column in record_columns %}
            records.{{ column }},
    {%- endfor %}
        records.is_deleted,
        source_map.match_rule,
        source_map.match_evidence,
        count(*) over (
            partition by
                source_map.{{ entity_id }},
                source_map.source_system,
                source_map.source_object
        ) as records_in_system
    from source_map
    inner join records
        on {{ source_record_key('source_map') }} = {{ source_record_key('records') }}
    where source_map.{{ entity_id }} is not null

)

select
    {{ entity_id }},
    source_system,
    source_object,
    source_record_id,
    {%- for column in record_columns %}
        {{ column }},
    {%- endfor %}
    is_deleted,
    match_rule,
    match_evidence,
    records_in_system
from counted
where records_in_system > 1
{%- endmacro %}
