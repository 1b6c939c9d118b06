{#- Incremental: a run takes the touches landed since the newest loaded_at already in the table, plus any older
    touch whose person, account or opportunity resolution has changed since (identity resolution runs on all
    records every build), and replaces them by touchpoint_id. The post-hook removes the touches no longer
    produced (their record was deleted or vanished from the newest full export), so this gives the same rows as
    a full refresh. -#}
{{
    config(
        materialized='incremental',
        unique_key='touchpoint_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="""
            delete from {{ this }}
            where not exists (
                select 1 from {{ ref('int_touchpoints_unioned') }} as touchpoints
                where touchpoints.touchpoint_id = {{ this }}.touchpoint_id
            )
        """,
    )
}}

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
        campaign_name,
        source_system,
        source_object,
        source_record_id,
        loaded_at
    from touchpoints

)

select final.*
from final
{% if is_incremental() %}
    left join {{ this }} as existing on final.touchpoint_id = existing.touchpoint_id
    where
        final.loaded_at > (select max(previous_load.loaded_at) from {{ this }} as previous_load)
        or existing.touchpoint_id is null
        or {{ any_column_differs('final', 'existing', ['person_id', 'account_id', 'opportunity_id']) }}
{% endif %}
