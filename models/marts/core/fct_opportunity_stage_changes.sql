with stage_changes as (

    select * from {{ ref('int_opportunity_stage_changes') }}

),

final as (

    select
        stage_change_id,
        opportunity_id,
        account_id,
        source_system,
        from_stage_name,
        stage_name,
        stage_category,
        amount,
        close_date,
        changed_at,
        change_evidence,
        row_number() over (
            partition by opportunity_id order by changed_at asc, stage_change_id asc
        ) as change_sequence
    from stage_changes

)

select * from final
