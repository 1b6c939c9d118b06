with stage_change_records as (

    {{ union_canonical('opportunity_stage_changes') }}

),

with_opportunities as (

    select
        {{ canonical_record_id('stage_change_records') }} as stage_change_id,
        opportunities.opportunity_id,
        opportunities.account_id,
        stage_change_records.*
    from stage_change_records
    {{ reference_joins('stage_change_records', ['opportunity'], 'inner') }}

)

select * from with_opportunities
