with stage_change_records as (

    {{ union_canonical('opportunity_stage_changes') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_unioned') }}

),

with_opportunities as (

    select
        stage_change_records.source_system || ':' || stage_change_records.source_object || ':'
        || stage_change_records.source_record_id as stage_change_id,
        opportunities.opportunity_id,
        opportunities.account_id,
        stage_change_records.*
    from stage_change_records
    inner join opportunities
        on
            stage_change_records.opportunity_source_system = opportunities.source_system
            and stage_change_records.opportunity_source_object = opportunities.source_object
            and stage_change_records.opportunity_source_record_id = opportunities.source_record_id

)

select * from with_opportunities
