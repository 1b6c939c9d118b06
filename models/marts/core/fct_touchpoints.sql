with touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}

),

final as (

    select
        touchpoint_id,
        person_id,
        account_id,
        opportunity_id,
        occurred_at,
        touchpoint_type,
        channel,
        channel_group,
        is_channel_group_mapped,
        touch_source,
        touch_medium,
        campaign_name,
        source_system,
        source_object,
        source_record_id,
        loaded_at
    from touchpoints

)

select * from final
