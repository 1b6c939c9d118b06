{#-
    keys_of_new_batches(relation, key_column)

    The incremental filter of a staging model over an incremental export (events, tickets: the big tables
    that only grow). Renders nothing on a full build. On an incremental run it keeps the raw rows of every
    key that appears in a batch landed since the newest batch already in {{ this }}: reduce_snapshots then
    sees every version of those keys, and the model replaces them by its unique_key, which gives the same
    rows as a full refresh. A full export landed for such a table (--export-kind full) can mark any key as
    vanished, so then every key is taken again.

        with source as (
            select * from {{ source('hubspot', 'email_events') }}
            {{ keys_of_new_batches(source('hubspot', 'email_events'), 'event_id') }}
        ),
-#}

{% macro keys_of_new_batches(relation, key_column) -%}
    {%- if is_incremental() -%}
        {%- set newest_built = "(select coalesce(max(_batch_id), 0) from " ~ this ~ ")" -%}
        where {{ revops_warehouse.null_if_blank(key_column) }} in (
            select {{ revops_warehouse.null_if_blank('new_batches.' ~ key_column) }}
            from {{ relation }} as new_batches
            where new_batches._batch_id > {{ newest_built }}
        )
        or exists (
            select 1
            from {{ relation }} as new_batches
            where new_batches._batch_id > {{ newest_built }} and new_batches._export_kind = 'full'
        )
    {%- endif -%}
{%- endmacro %}
