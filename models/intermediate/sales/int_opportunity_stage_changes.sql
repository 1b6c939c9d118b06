with with_opportunities as (

    {{ union_canonical_with_opportunity('opportunity_stage_changes', 'stage_change_id') }}

)

select * from with_opportunities
