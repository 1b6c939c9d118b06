{#-
    reduce_snapshots(relation, key_columns, updated_at=none, per_export_date=false)

    The one place that turns appended export batches into states. `relation` is an import CTE over a raw
    table (every raw table carries _batch_id, _export_date, _export_kind and _source_row_number);
    `key_columns` are its primary-key columns (compared trimmed; rows with a blank key are dropped).

    per_export_date=false (default, for the 1:1 stg_ models): one row per key, its latest version:
        - full exports: the row from the newest export (_export_date, then _batch_id, then row number);
        - incremental exports: pass `updated_at` (raw text column); the row with the newest parsed
          updated_at wins, then the newest export / batch / row number.
      and adds:
        has_vanished            true when a full export of this table newer than the key's last appearance
                                exists, i.e. the record was deleted (or hidden) in the source system.
                                Incremental-only tables never vanish (an incremental lists changes only).
        _first_export_date      the export date the key first appeared in.

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
    {%- set keys = [] -%}
    {%- for column in ([key_columns] if key_columns is string else key_columns) -%}
        {%- do keys.append(revops_warehouse.null_if_blank(relation ~ '.' ~ column)) -%}
    {%- endfor -%}
    {%- set version_partition = keys + ([relation ~ '._export_date'] if per_export_date else []) -%}
    {%- set version_order = [] -%}
    {%- if updated_at and not per_export_date -%}
        {%- do version_order.append(
            revops_warehouse.parse_timestamp(relation ~ '.' ~ updated_at) ~ ' desc nulls last') -%}
    {%- endif -%}
    {%- do version_order.extend([
        relation ~ '._export_date desc',
        relation ~ '._batch_id desc',
        relation ~ '._source_row_number desc',
    ]) -%}
    {%- set vanished = 'false' if per_export_date
        else 'coalesce(versions._last_export_date < versions._newest_full_export_date, false)' -%}
    select
        versions.*,
        {{ vanished }} as has_vanished
    from (
        select
            {{ relation }}.*,
            row_number() over (
                partition by {{ version_partition | join(', ') }}
                order by {{ version_order | join(', ') }}
            ) as _version_rank,
            min({{ relation }}._export_date) over (partition by {{ keys | join(', ') }}) as _first_export_date,
            max({{ relation }}._export_date) over (partition by {{ keys | join(', ') }}) as _last_export_date,
            max(case when {{ relation }}._export_kind = 'full' then {{ relation }}._export_date end)
                over () as _newest_full_export_date
        from {{ relation }}
        where {{ keys | join(' is not null and ') }} is not null
    ) as versions
    where versions._version_rank = 1
{%- endmacro %}
