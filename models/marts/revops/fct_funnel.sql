{#- Incremental: a run compares every stage entry with its built row (on entity and stage) and recomputes whole
    the entities with an entry that is new, changed or gone (their rows depend only on their own entries: the
    next stage, the furthest one). A gone entry gets a tombstone row (stage null) that replaces its row, and the
    post-hook deletes it. Same rows as a full refresh. -#}
{{
    config(
        materialized='incremental',
        unique_key='funnel_stage_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook=["delete from {{ this }} where stage is null"],
    )
}}

with stage_entries as (

    select * from {{ ref('int_funnel_stage_entries') }}

),

{% if is_incremental() %}
    compared as (  -- the entries that differ from the built rows, and the built rows no longer entered

        select
            coalesce(stage_entries.entity_type, built.entity_type) as entity_type,
            coalesce(stage_entries.entity_id, built.entity_id) as entity_id,
            built.funnel_stage_id as built_funnel_stage_id,
            stage_entries.stage is null as is_gone
        from stage_entries
        full outer join {{ this }} as built
            on
                stage_entries.entity_type = built.entity_type
                and stage_entries.entity_id = built.entity_id
                and stage_entries.stage = built.stage
        where
            stage_entries.stage is null
            or built.stage is null
            or {{ any_column_differs('stage_entries', 'built', [
                'entered_at', 'account_id', 'person_id', 'first_sales_touch_at',
            ]) }}

    ),

    changed_entities as (

        select distinct
            entity_type,
            entity_id
        from compared

    ),

    selected_entries as (

        select stage_entries.*
        from stage_entries
        inner join changed_entities
            on
                stage_entries.entity_type = changed_entities.entity_type
                and stage_entries.entity_id = changed_entities.entity_id

    ),
{% else %}
    selected_entries as (

        select * from stage_entries

    ),
{% endif %}

ordered as (

    select
        selected_entries.*,
        case selected_entries.stage
            when 'engaged' then 1
            when 'lead' then 1
            when 'mql' then 2
            when 'sql' then 3
            when 'opportunity' then 4
            when 'customer' then 5
            when 'churned' then 6
        end as stage_order
    from selected_entries

),

with_next as (

    select
        ordered.*,
        lead(ordered.entered_at) over (
            partition by ordered.entity_type, ordered.entity_id order by ordered.stage_order asc
        ) as left_at,
        max(case when ordered.stage <> 'churned' then ordered.stage_order end) over (
            partition by ordered.entity_type, ordered.entity_id
        ) as furthest_stage_order
    from ordered

),

final as (

    select
        entity_type || '|' || entity_id || '|' || stage as funnel_stage_id,
        entity_type,
        entity_id,
        account_id,
        person_id,
        stage,
        stage_order,
        entered_at,
        left_at,
        case
            when left_at is not null
                then greatest({{ dbt.datediff('entered_at', 'left_at', 'hour') }}, 0)
        end as hours_in_stage,
        stage <> 'churned' and stage_order < furthest_stage_order as is_converted,
        first_sales_touch_at,
        case
            when first_sales_touch_at is not null
                then {{ dbt.datediff('entered_at', 'first_sales_touch_at', 'minute') }}
        end as lead_response_minutes
    from with_next

)

select * from final
{% if is_incremental() %}
    union all
    select  -- tombstone of an entry no longer produced: replaces its row, then the post-hook deletes it
        built_funnel_stage_id as funnel_stage_id,
        null as entity_type,
        null as entity_id,
        null as account_id,
        null as person_id,
        null as stage,
        null as stage_order,
        null as entered_at,
        null as left_at,
        null as hours_in_stage,
        null as is_converted,
        null as first_sales_touch_at,
        null as lead_response_minutes
    from compared
    where is_gone
{% endif %}
