{#-
    reduce_snapshots(relation, key_columns, updated_at=none, per_export_date=false)

    The one place that turns appended export batches into states. `relation` is the raw table itself,
    source('<vendor>', '<object>') (every raw table carries _batch_id, _export_date, _export_kind and
    _source_row_number), not an import CTE: the reduction reads it several times, and DuckDB materializes a
    CTE read more than once, i.e. copies the whole raw table into memory (several times slower on large worlds).
    `key_columns` are its primary-key columns (compared trimmed; rows with a blank key are dropped).

    per_export_date=false (default, for the 1:1 stg_ models): one row per key, its current state
    (snapshot_states.sql):
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

      In an incremental model (materialized incremental, unique_key = the model's key column) only the
      keys whose state can have changed are reduced, over every version of each such key
      (snapshot_changed_keys.sql), so the change_set strategy (delete and insert on unique_key) gives the rows
      of a full refresh. Staging never deletes a key: a record gone from the source is kept, has_vanished.

    per_export_date=true (for *_snapshots history models): one row per key per export date (the last batch
    of that date wins), plus has_vanished = false and _first_export_date, so both modes expose the same
    columns.

    The caller writes its column list literally over the result; every raw column stays available.

    Where each job lives, in reading order:
      reduce_snapshots.sql        this entry point and the helpers every part shares (keys, export dates);
      snapshot_states.sql         one state per key: rank the versions, find where the winning content arrived;
      snapshot_changed_keys.sql   incremental builds: which versions to rank (the keys that can have changed);
      snapshot_content_hash.sql   the hash of a raw row's vendor columns, per warehouse.
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

{#- snapshot_keys(key_names, alias): the key columns of the raw rows read as `alias`, trimmed, null when blank. -#}
{% macro snapshot_keys(key_names, alias) -%}
    {%- set keys = [] -%}
    {%- for column in key_names -%}
        {%- do keys.append(revops_warehouse.null_if_blank(alias ~ '.' ~ column)) -%}
    {%- endfor -%}
    {{ return(keys) }}
{%- endmacro %}

{#- One row per key per export date: the last batch of that date, then the last row of that batch. -#}
{% macro reduce_snapshots_per_export_date(relation, key_names) -%}
    {%- set keys = revops_warehouse.snapshot_keys(key_names, 'raw_versions') -%}
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

{#- newest_full_export_date(relation): a scalar subquery, the export date of the newest full export. -#}
{% macro newest_full_export_date(relation) -%}
    (select max(full_exports._export_date) from {{ relation }} as full_exports where full_exports._export_kind = 'full')
{%- endmacro %}
