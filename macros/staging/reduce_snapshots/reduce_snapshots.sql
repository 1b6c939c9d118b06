{#-
    reduce_snapshots(relation, key_columns, updated_at=none, per_export_date=false)

    The one place that turns appended export batches into states. `relation` is the raw table itself,
    source('<vendor>', '<object>') (every raw table carries _batch_id, _export_date, _export_kind and
    _source_row_number), not an import CTE: the reduction reads it several times, and DuckDB materializes a
    CTE read more than once, i.e. copies the whole raw table into memory (3x slower at 100,000 accounts).
    `key_columns` are its primary-key columns (compared trimmed; rows with a blank key are dropped).

    per_export_date=false (default, for the 1:1 stg_ models): one row per key, its current state:
        - full exports: the content of the newest export (_export_date, then _batch_id, then row number);
        - incremental exports: pass `updated_at` (raw text column); the content with the newest parsed
          updated_at wins, then the newest export / batch / row number.
      The row returned is the version where that content *arrived*: the oldest version of the unbroken run
      of identical content (same vendor columns) that ends at the winner. Its lineage columns (_batch_id,
      _export_date, _loaded_at, _source_file, _source_row_number) therefore say when the record last
      changed, not when it was last re-sent, so an unchanged record keeps its row from week to week.
      Adds:
        has_vanished            true when a full export of this table newer than the key's last appearance
                                exists, i.e. the record was deleted (or hidden) in the source system.
                                Incremental-only tables never vanish (an incremental lists changes only).
        _first_export_date      the export date the key first appeared in.
        _content_hash           a hash of the vendor columns (every column not starting with `_`).

      In an incremental model (materialized='incremental', unique_key = the model's key column) only the
      keys whose state can have changed are reduced, over every version of each such key (see
      versions_to_reduce below), so `delete+insert` on unique_key gives the rows of a full refresh.

    per_export_date=true (for *_snapshots history models): one row per key per export date (the last batch
    of that date wins), plus has_vanished = false and _first_export_date, so both modes expose the same
    columns.

    The caller writes its column list literally over the result; every raw column stays available.
-#}

{% macro reduce_snapshots(relation, key_columns, updated_at=none, per_export_date=false) -%}
    {{ return(adapter.dispatch('reduce_snapshots', 'revops_warehouse')(
        relation, key_columns, updated_at, per_export_date)) }}
{%- endmacro %}

{% macro default__reduce_snapshots(relation, key_columns, updated_at, per_export_date) -%}
    {%- set key_names = [key_columns] if key_columns is string else key_columns -%}
    {%- if per_export_date -%}
        {{ revops_warehouse.reduce_snapshots_per_export_date(relation, key_names) }}
    {%- else -%}
        {{ revops_warehouse.reduce_snapshots_to_states(relation, key_names, updated_at) }}
    {%- endif -%}
{%- endmacro %}

{% macro reduce_snapshots_per_export_date(relation, key_names) -%}
    {%- set keys = [] -%}
    {%- for column in key_names -%}
        {%- do keys.append(revops_warehouse.null_if_blank('raw_versions.' ~ column)) -%}
    {%- endfor -%}
    select
        versions.*,
        false as has_vanished
    from (
        select
            raw_versions.*,
            row_number() over (
                partition by {{ keys | join(', ') }}, raw_versions._export_date
                order by raw_versions._batch_id desc, raw_versions._source_row_number desc
            ) as _version_rank,
            min(raw_versions._export_date) over (partition by {{ keys | join(', ') }}) as _first_export_date
        from {{ relation }} as raw_versions
        where {{ keys | join(' is not null and ') }} is not null
    ) as versions
    where versions._version_rank = 1
{%- endmacro %}

{#- The window work runs over a narrow projection (keys, lineage, content hash); the wide raw row of the
    chosen version is joined back once by its (_batch_id, _source_row_number), which is unique per raw table. -#}
{% macro reduce_snapshots_to_states(relation, key_names, updated_at) -%}
    {%- set keys, key_aliases = [], [] -%}
    {%- for column in key_names -%}
        {%- do keys.append(revops_warehouse.null_if_blank('raw_versions.' ~ column)) -%}
        {%- do key_aliases.append('_key_' ~ loop.index) -%}
    {%- endfor -%}
    {%- set version_order = [] -%}
    {%- if updated_at -%}
        {%- do version_order.append('_updated_at desc nulls last') -%}
    {%- endif -%}
    {%- do version_order.extend(['_export_date desc', '_batch_id desc', '_source_row_number desc']) -%}
    {%- set version_columns = [] -%}
    {%- for key in keys -%}
        {%- do version_columns.append(key ~ ' as ' ~ key_aliases[loop.index0]) -%}
    {%- endfor -%}
    {%- if updated_at -%}
        {%- do version_columns.append(
            revops_warehouse.parse_timestamp('raw_versions.' ~ updated_at) ~ ' as _updated_at') -%}
    {%- endif -%}
    {%- do version_columns.extend([
        'raw_versions._batch_id',
        'raw_versions._source_row_number',
        'raw_versions._export_date',
        revops_warehouse.content_hash(relation, 'raw_versions') ~ ' as _content_hash',
    ]) -%}
    {%- set newest_full_export_date = revops_warehouse.newest_full_export_date(relation) -%}
    select
        raw_rows.*,
        states._content_hash,
        states._first_export_date,
        states.has_vanished
    from (
        select
            runs._batch_id,
            runs._source_row_number,
            runs._content_hash,
            runs._first_export_date,
            coalesce(runs._last_export_date < {{ newest_full_export_date }}, false) as has_vanished
        from (
            select
                ranked.*,
                coalesce(
                    min(case when ranked._content_hash <> ranked._state_hash then ranked._version_rank end)
                        over (partition by {{ key_aliases | join(', ') }}) - 1,
                    max(ranked._version_rank) over (partition by {{ key_aliases | join(', ') }})
                ) as _arrival_rank
            from (
                select
                    versions.*,
                    row_number() over (
                        partition by {{ key_aliases | join(', ') }} order by {{ version_order | join(', ') }}
                    ) as _version_rank,
                    first_value(versions._content_hash) over (
                        partition by {{ key_aliases | join(', ') }} order by {{ version_order | join(', ') }}
                    ) as _state_hash,
                    min(versions._export_date) over (partition by {{ key_aliases | join(', ') }})
                        as _first_export_date,
                    max(versions._export_date) over (partition by {{ key_aliases | join(', ') }})
                        as _last_export_date
                from (
                    {{ revops_warehouse.versions_to_reduce(relation, version_columns, keys, key_names) | indent(20) }}
                ) as versions
            ) as ranked
        ) as runs
        where runs._version_rank = runs._arrival_rank
    ) as states
    inner join {{ relation }} as raw_rows
        on raw_rows._batch_id = states._batch_id
        and raw_rows._source_row_number = states._source_row_number
{%- endmacro %}

{#-
    versions_to_reduce(relation, version_columns, keys, key_names): the rows of `relation` that
    reduce_snapshots_to_states ranks, as `version_columns`. On a full build (or when {{ this }} was built before
    _content_hash existed: then every key is reduced once and the column is added): every version of every key.
    In an incremental build, every version of the keys whose state can differ from the row built for them
    (changed_keys below), read in two parts so that the cost follows the new batches, not the history:
      - their versions in the batches newer than the newest _batch_id in {{ this }} (a constant, see
        new_batches_summary);
      - their older versions, for the keys among them that are already built. A key that is not built yet has
        no older version (staging keeps every key it has seen, vanished or not), so when the new batches bring
        only new keys (an event stream), the history is not read at all.
    After a backfill (a new batch dated before an export already built), every version of every key: the
    backfill can change which version is current. Whether new batches hold a backfill or a full export is asked
    of the warehouse once, before the SQL is rendered (new_batches_summary), so the model reads only what they
    need.
-#}
{% macro versions_to_reduce(relation, version_columns, keys, key_names) -%}
    {%- set columns = version_columns | join(',\n    ') -%}
    {%- set present = keys | join(' is not null and ') ~ ' is not null' -%}
    {%- set incremental = revops_warehouse.reduces_changed_keys_only(key_names) -%}
    {%- set new_batches = revops_warehouse.new_batches_summary(relation) if incremental else none -%}
    {%- if not incremental or new_batches.is_backfill -%}  {# a backfill can change which version is current #}
        select
            {{ columns | indent(4) }}
        from {{ relation }} as raw_versions
        where {{ present }}
    {%- else -%}
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
    {%- endif -%}
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

{% macro newest_full_export_date(relation) -%}
    (select max(full_exports._export_date) from {{ relation }} as full_exports where full_exports._export_kind = 'full')
{%- endmacro %}

{#- content_hash(relation, alias): a hash of the vendor columns of `relation` (read as `alias`) in the
    current row; the lineage columns start with `_` and are left out. -#}
{% macro content_hash(relation, alias) -%}
    {{ return(adapter.dispatch('content_hash', 'revops_warehouse')(relation, alias)) }}
{%- endmacro %}

{#- DuckDB: its 64-bit hash of the columns themselves (null and '' differ), no text built. -#}
{% macro duckdb__content_hash(relation, alias) -%}
    hash(*columns('^[^_]'))
{%- endmacro %}

{#- Other warehouses: row_hash of the vendor columns (md5 over their length-prefixed texts). -#}
{% macro default__content_hash(relation, alias) -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- if not column.name.startswith('_') -%}
            {%- do columns.append(alias ~ '.' ~ adapter.quote(column.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ revops_warehouse.default__row_hash(columns) }}
{%- endmacro %}
