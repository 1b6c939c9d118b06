{#- Duplicates inside one system (two HubSpot contacts for one person): merged in the warehouse, and
    listed here so ops can merge them at the source too. -#}
with person_source_map as (

    select * from {{ ref('person_source_map') }}

),

person_records as (

    select * from {{ ref('int_person_records_unioned') }}

),

counted as (

    select
        person_source_map.person_id,
        person_source_map.source_system,
        person_source_map.source_object,
        person_source_map.source_record_id,
        person_records.email,
        person_records.full_name,
        person_records.is_deleted,
        person_source_map.match_rule,
        person_source_map.match_evidence,
        count(*) over (
            partition by
                person_source_map.person_id,
                person_source_map.source_system,
                person_source_map.source_object
        ) as records_in_system
    from person_source_map
    inner join person_records
        on {{ source_record_key('person_source_map') }} = {{ source_record_key('person_records') }}
    where person_source_map.person_id is not null

)

select
    person_id,
    source_system,
    source_object,
    source_record_id,
    email,
    full_name,
    is_deleted,
    match_rule,
    match_evidence,
    records_in_system
from counted
where records_in_system > 1
