{#-
    Which versions snapshot_states.sql ranks. On a full build: every version of every key. In an incremental
    build (reduces_changed_keys_only), every version of the keys whose state can differ from the row built for
    them (changed_keys), so that the cost follows the new batches, not the history:
      1. new_batches_summary   asked of the warehouse once, before the SQL is rendered: the newest _batch_id built
                               and whether the newer batches hold a full export or a backfill;
      2. changed_keys          the keys whose state can have changed;
      3. changed_key_versions  their versions: in the new batches, and, for the keys already built, the older ones.
    After a backfill (a new batch dated before an export already built), every version of every key: the
    backfill can change which version is current.
-#}

{#- versions_to_reduce(relation, version_columns, keys, key_names): the rows of `relation` (read as raw_versions)
    to rank, as `version_columns`; `keys` are the key expressions, `key_names` the raw key columns. -#}
{% macro versions_to_reduce(relation, version_columns, keys, key_names) -%}
    {%- set incremental = revops_warehouse.reduces_changed_keys_only(key_names) -%}
    {%- set new_batches = revops_warehouse.new_batches_summary(relation) if incremental else none -%}
    {%- if not incremental or new_batches.is_backfill -%}  {# a backfill can change which version is current #}
        select
            {{ version_columns | join(',\n    ') | indent(4) }}
        from {{ relation }} as raw_versions
        where {{ keys | join(' is not null and ') ~ ' is not null' }}
    {%- else -%}
        {{ revops_warehouse.changed_key_versions(relation, version_columns, keys, key_names, new_batches) }}
    {%- endif -%}
{%- endmacro %}

{#- changed_key_versions: every version of the keys of changed_keys, read in two parts: their versions in the
    batches newer than the newest _batch_id built (a constant, see new_batches_summary), and their older versions
    for the keys among them already built. A key not built yet has no older version (staging keeps every key it
    has seen, vanished or not), so when the new batches bring only new keys (an event stream), the history is
    not read at all. -#}
{% macro changed_key_versions(relation, version_columns, keys, key_names, new_batches) -%}
    {%- set columns = version_columns | join(',\n    ') -%}
    {%- set present = keys | join(' is not null and ') ~ ' is not null' -%}
    {%- set built_key = config.get('unique_key') -%}
    {%- set newest_built = new_batches.newest_built_batch -%}
    with changed_keys as (

        {{ revops_warehouse.changed_keys(relation, key_names, new_batches) | indent(4) }}

    ),

    built_changed_keys as (

        select changed_keys._key
        from changed_keys
        inner join {{ this }} as built on changed_keys._key = built.{{ built_key }}

    )

    select
        {{ columns | indent(4) }}
    from {{ relation }} as raw_versions
    where
        {{ present }}
        and raw_versions._batch_id > {{ newest_built }}
        and {{ keys[0] }} in (select changed_keys._key from changed_keys)
    union all
    select
        {{ columns | indent(4) }}
    from {{ relation }} as raw_versions
    where
        {{ present }}
        and raw_versions._batch_id <= {{ newest_built }}
        and {{ keys[0] }} in (select built_changed_keys._key from built_changed_keys)
{%- endmacro %}

{#- reduces_changed_keys_only(key_names): true in an incremental build of a model built with _content_hash
    (checked here: a single key column and config unique_key, the model's key column). -#}
{% macro reduces_changed_keys_only(key_names) -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {#- in a dbt unit test `this` is the name of its fixture (a string), or none without one -#}
    {%- set built_columns = [] if this is none or this is string
        else adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if built_columns and '_content_hash' not in built_columns -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if key_names | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            "reduce_snapshots: an incremental model needs a single key column, got " ~ key_names) }}
    {%- endif -%}
    {%- if not config.get('unique_key') -%}
        {{ exceptions.raise_compiler_error(
            "reduce_snapshots: an incremental model needs config unique_key (its key column), e.g. ticket_id") }}
    {%- endif -%}
    {{ return(true) }}
{%- endmacro %}

{#-
    changed_keys(relation, key_names, new_batches): the keys (column _key) whose state can differ from the row
    built for them, when no new batch is a backfill (new_batches: new_batches_summary):
      - a key with a version in a batch newer than the newest _batch_id in {{ this }} whose content differs
        from the built row, or that is not built yet, or is built as vanished;
      - when a full export arrived in those batches: a key built as present that has no version in the newest
        full export (it has vanished). Without a new full export, every built row was already checked against
        the newest one when it arrived.
    A re-sent, unchanged record is not reduced again: it keeps its row.
-#}
{% macro changed_keys(relation, key_names, new_batches) -%}
    {%- set built_key = config.get('unique_key') -%}
    {%- set key = revops_warehouse.null_if_blank('raw_keys.' ~ key_names[0]) -%}
    select arrived._key  {# changed, new, or back after having vanished #}
    from (
        select
            {{ key }} as _key,
            {{ revops_warehouse.content_hash(relation, 'raw_keys') }} as _content_hash
        from {{ relation }} as raw_keys
        where raw_keys._batch_id > {{ new_batches.newest_built_batch }}
    ) as arrived
    left join {{ this }} as built on arrived._key = built.{{ built_key }}
    where
        built.{{ built_key }} is null
        or built.has_vanished
        or built._content_hash <> arrived._content_hash
    {%- if new_batches.has_new_full_export %}
    union all
    select built.{{ built_key }} as _key  {# built as present, missing from the newest full export #}
    from {{ this }} as built
    where
        not built.has_vanished
        and not exists (
            select 1
            from {{ relation }} as raw_keys
            where
                raw_keys._export_date >= {{ revops_warehouse.newest_full_export_date(relation) }}
                and {{ key }} = built.{{ built_key }}
        )
    {%- endif %}
{%- endmacro %}

{#- new_batches_summary(relation): the newest _batch_id in {{ this }} (newest_built_batch; 0 when empty) and what
    the batches of `relation` newer than it bring: has_new_full_export (one of them is a full export) and
    is_backfill (one of them is dated before an export already built). Queried once when dbt executes the model,
    so the model's SQL compares _batch_id with a constant (while parsing: no query, everything assumed). -#}
{% macro new_batches_summary(relation) -%}
    {%- if not execute -%}
        {{ return({'newest_built_batch': 0, 'has_new_full_export': true, 'is_backfill': true}) }}
    {%- endif -%}
    {%- set newest_built = run_query(
        "select coalesce(max(built._batch_id), 0) from " ~ this ~ " as built").rows[0][0] | int -%}
    {%- set query -%}
        select
            coalesce(max(case when arrived._export_kind = 'full' then 1 else 0 end), 0) as has_new_full_export,
            coalesce(
                min(arrived._export_date) < (
                    select max(built_batches._export_date) from {{ relation }} as built_batches
                    where built_batches._batch_id <= {{ newest_built }}
                ),
                false
            ) as is_backfill
        from {{ relation }} as arrived
        where arrived._batch_id > {{ newest_built }}
    {%- endset -%}
    {%- set row = run_query(query).rows[0] -%}
    {{ return({
        'newest_built_batch': newest_built,
        'has_new_full_export': row[0] == 1,
        'is_backfill': row[1] in (true, 1),
    }) }}
{%- endmacro %}
