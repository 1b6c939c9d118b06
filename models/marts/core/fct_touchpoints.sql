{#- Incremental: a run takes the touches landed since the newest loaded_at already in the table, plus any older
    touch whose person, account or opportunity resolution has changed since (identity resolution runs on all
    records every build), and replaces them by touchpoint_id. A built touch no longer produced (its record was
    deleted or vanished from the newest full export) gets a tombstone row (source_system null, which no vendor
    adapter leaves null) that replaces it, and the post-hook deletes the tombstones: the same rows as a full
    refresh, from one reading of int_touchpoints_unioned (a view). -#}
{{
    config(
        materialized='incremental',
        unique_key='touchpoint_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook="delete from {{ this }} where source_system is null",
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
    union all
    select  -- tombstone of a touch no longer produced: replaces its row, then the post-hook deletes it
        existing.touchpoint_id,
        null as person_id,
        null as account_id,
        null as opportunity_id,
        null as occurred_at,
        null as touchpoint_type,
        null as channel,
        null as campaign_name,
        null as source_system,
        null as source_object,
        null as source_record_id,
        null as loaded_at
    from {{ this }} as existing
    left join final as produced on existing.touchpoint_id = produced.touchpoint_id
    where produced.touchpoint_id is null
{% endif %}
