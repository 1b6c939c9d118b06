{#-
    One state per key (reduce_snapshots with per_export_date=false), in four steps, each a macro below:
      1. snapshot_version_columns  a narrow projection of each version: key, parsed updated_at, lineage, content hash;
      2. snapshot_ranked_versions  rank each key's versions, newest first (snapshot_version_order), and note the
                                   winning content (_state_hash) and the key's first and last export dates;
      3. snapshot_arrivals         the version where the winning content arrived: the oldest of the unbroken run
                                   of versions with that content, ending at the winner; has_vanished;
      4. reduce_snapshots_to_states  the wide raw row of that version, joined back once by (_batch_id,
                                   _source_row_number), which is unique per raw table.
    The window work runs over the narrow projection only. Which versions are ranked: snapshot_changed_keys.sql.
-#}

{% macro reduce_snapshots_to_states(relation, key_names, updated_at) -%}
    {%- set keys = revops_warehouse.snapshot_keys(key_names, 'raw_versions') -%}
    {%- set key_aliases = [] -%}
    {%- for key in keys -%}
        {%- do key_aliases.append('_key_' ~ loop.index) -%}
    {%- endfor -%}
    {%- set version_columns = revops_warehouse.snapshot_version_columns(relation, keys, key_aliases, updated_at) -%}
    {%- set versions = revops_warehouse.versions_to_reduce(relation, version_columns, keys, key_names) -%}
    {%- set ranked = revops_warehouse.snapshot_ranked_versions(versions, key_aliases, updated_at) -%}
    select
        raw_rows.*,
        states._content_hash,
        states._first_export_date,
        states.has_vanished
    from (
        {{ revops_warehouse.snapshot_arrivals(relation, ranked, key_aliases) | indent(8) }}
    ) as states
    inner join {{ relation }} as raw_rows
        on raw_rows._batch_id = states._batch_id
        and raw_rows._source_row_number = states._source_row_number
{%- endmacro %}

{#- snapshot_version_columns: the columns of a version (raw row, read as raw_versions) that the ranking needs. -#}
{% macro snapshot_version_columns(relation, keys, key_aliases, updated_at) -%}
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
    {{ return(version_columns) }}
{%- endmacro %}

{#- snapshot_version_order(updated_at): newest version first: updated_at (when given), export date, batch, row. -#}
{% macro snapshot_version_order(updated_at) -%}
    {%- set version_order = ['_updated_at desc nulls last'] if updated_at else [] -%}
    {%- do version_order.extend(['_export_date desc', '_batch_id desc', '_source_row_number desc']) -%}
    {{ return(version_order | join(', ')) }}
{%- endmacro %}

{#- snapshot_ranked_versions(versions, key_aliases, updated_at): each version (the query `versions`) with its rank
    among its key's versions (1 = the winner), the winner's content hash and the key's first and last export. -#}
{% macro snapshot_ranked_versions(versions, key_aliases, updated_at) -%}
    {%- set key = key_aliases | join(', ') -%}
    {%- set version_order = revops_warehouse.snapshot_version_order(updated_at) -%}
    select
        versions.*,
        row_number() over (partition by {{ key }} order by {{ version_order }}) as _version_rank,
        first_value(versions._content_hash) over (partition by {{ key }} order by {{ version_order }}) as _state_hash,
        min(versions._export_date) over (partition by {{ key }}) as _first_export_date,
        max(versions._export_date) over (partition by {{ key }}) as _last_export_date
    from (
        {{ versions | indent(8) }}
    ) as versions
{%- endmacro %}

{#- snapshot_arrivals(relation, ranked, key_aliases): per key, the version where the winning content arrived.
    Ranks count from the winner back in time: the first version whose content differs from the winner's ends the
    run, so the arrival is the version just before it (rank - 1), or the oldest version when none differs. A key
    has vanished when a full export newer than its last appearance exists. -#}
{% macro snapshot_arrivals(relation, ranked, key_aliases) -%}
    {%- set key = key_aliases | join(', ') -%}
    select
        runs._batch_id,
        runs._source_row_number,
        runs._content_hash,
        runs._first_export_date,
        coalesce(runs._last_export_date < {{ revops_warehouse.newest_full_export_date(relation) }}, false)
            as has_vanished
    from (
        select
            ranked.*,
            coalesce(
                min(case when ranked._content_hash <> ranked._state_hash then ranked._version_rank end)
                    over (partition by {{ key }}) - 1,
                max(ranked._version_rank) over (partition by {{ key }})
            ) as _arrival_rank
        from (
            {{ ranked | indent(12) }}
        ) as ranked
    ) as runs
    where runs._version_rank = runs._arrival_rank
{%- endmacro %}
