{#-
    One incremental pattern for the whole project: the change_set strategy.

    A model materialized 'incremental' (dbt_project.yml) declares its key (config unique_key) and, on an
    incremental run, returns its change set instead of all its rows:
      - one row per new or changed key, as built: it replaces the built row(s) of that key;
      - one row per deleted key, flagged `_deleted` = true, its other columns null: the built row(s) of that key
        are removed.
    A model that never deletes a key returns no `_deleted` column. `_deleted` belongs to the change set, never to
    the table: the insert leaves it out and so does schema sync (check_for_schema_changes below). A full build, or
    a target where var revops_incremental is false, builds the model as a table of all its rows, without `_deleted`.

    SQL models that compute all their rows each run get their change set from change_set_by_row_hash below;
    staging's 1:1 state models reduce only the keys that can have changed (reduce_snapshots) and never delete.

    The one switch, var revops_incremental (dbt_project.yml): false on a target without DELETE (unset, it is false on
    Spark without Delta); every model configured incremental is then built as a table.
-#}

{% macro get_incremental_change_set_sql(arg_dict) -%}
    {{ return(adapter.dispatch('get_incremental_change_set_sql', 'revops_warehouse')(arg_dict)) }}
{%- endmacro %}

{#- Delete the built rows of every key in the change set, then insert its rows not flagged `_deleted`. -#}
{% macro default__get_incremental_change_set_sql(arg_dict) -%}
    {%- set target, changes = arg_dict['target_relation'], arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- if not unique_key -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy change_set: set config unique_key (the model's key column or columns)") }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = get_quoted_csv(
        arg_dict['dest_columns'] | map(attribute='name') | reject('equalto', '_deleted') | list) -%}
    {%- set flagged = '_deleted' in (adapter.get_columns_in_relation(changes) | map(attribute='name') | list) -%}
    delete from {{ target }} as built
    using {{ changes }} as changes
    where {% for key in keys %}{{ 'and ' if not loop.first }}built.{{ key }} = changes.{{ key }} {% endfor %};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ changes }} as changes
    where {{ 'not changes._deleted' if flagged else 'true' }}
{%- endmacro %}

{#- dbt's schema comparison of an incremental model (dbt_project.yml dispatches namespace dbt here first), with
    the change set's `_deleted` flag left out, so that on_schema_change never adds it to the built table. -#}
{% macro default__check_for_schema_changes(source_relation, target_relation) -%}
    {%- set changes = dbt.default__check_for_schema_changes(source_relation, target_relation) -%}
    {%- set added = changes['source_not_in_target'] | rejectattr('name', 'equalto', '_deleted') | list -%}
    {%- do changes.update({
        'source_not_in_target': added,
        'schema_changed': (added or changes['target_not_in_source'] or changes['new_target_types']) | length > 0,
    }) -%}
    {{ return(changes) }}
{%- endmacro %}

{#-
    change_set_by_row_hash(rows, keys, columns, row_hash='_row_hash'): the final query of a model that computes all
    its rows each run but writes only what changed. `rows` is the CTE of all its rows, `keys` its key columns (its
    config unique_key), `columns` all its columns and `row_hash` the column of each row's hash of the others.
      - full build: every row of `rows`;
      - incremental run: the rows whose key is new or whose hash differs from the built row, and the built keys
        `rows` no longer holds (`_deleted`), in one full join of `rows` with the built keys. A table built before
        `row_hash` existed has every row written again (sync_all_columns adds the column).
-#}
{% macro change_set_by_row_hash(rows, keys, columns, row_hash='_row_hash') -%}
    {%- if is_incremental() -%}
        {{ revops_warehouse.rows_changed_since_built(rows, keys, columns, row_hash) }}
    {%- else -%}
        select * from {{ rows }}
    {%- endif -%}
{%- endmacro %}

{% macro rows_changed_since_built(rows, keys, columns, row_hash) -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list
        if execute else [row_hash] -%}
    select
    {%- for key in keys %}
        coalesce(current_rows.{{ key }}, built.{{ key }}) as {{ key }},
    {%- endfor %}
    {%- for column in columns if column not in keys %}
        current_rows.{{ column }},
    {%- endfor %}
        current_rows.{{ row_hash }} is null as _deleted
    from {{ rows }} as current_rows
    full outer join (
        select
            {{ keys | join(', ') }},
            {{ row_hash if row_hash in built_columns else 'null as ' ~ row_hash }}
        from {{ this }}
    ) as built
        on
    {%- for key in keys %}
        {{ 'and ' if not loop.first }}current_rows.{{ key }} = built.{{ key }}
    {%- endfor %}
    where current_rows.{{ row_hash }} is distinct from built.{{ row_hash }}
{%- endmacro %}

{#-
    Change stamps: how a model computed from change-set models finds what changed since it was last built.
      - change_stamp(): the time a change-set model writes a row, in its `_changed_at` column (a time with a
        zone); the Python identity models write the same (revops.identity.incremental.change_set).
      - changed_since(): on an incremental run, a literal of when this model last started a successful build
        (audit.change_watermarks), so that `_changed_at > {{ changed_since() }}` picks the rows written since;
        none when the model has no watermark yet (it then builds every key).
      - record_change_watermarks(results), the project's on-run-end hook: each incremental model built
        successfully has its watermark moved to the start of that build. A failed or skipped model keeps its
        watermark, so its next build takes every change since its last success.
-#}
{% macro change_stamp() -%}
    {{ return(adapter.dispatch('change_stamp', 'revops_warehouse')()) }}
{%- endmacro %}

{% macro default__change_stamp() -%}
    current_timestamp
{%- endmacro %}

{% macro changed_since() -%}
    {%- if not (execute and is_incremental()) -%}{{ return(none) }}{%- endif -%}
    {%- set watermarks = adapter.get_relation(
        database=target.database, schema='audit', identifier='change_watermarks') -%}
    {%- if watermarks is none -%}{{ return(none) }}{%- endif -%}
    {%- set found = run_query(
        "select max(built_from) from " ~ watermarks ~ " where model = '" ~ this.identifier ~ "'") -%}
    {%- set since = found.columns[0].values()[0] -%}
    {{ return("cast('" ~ since ~ "' as " ~ type_timestamp_tz() ~ ")" if since is not none else none) }}
{%- endmacro %}

{% macro type_timestamp_tz() -%}
    {{ return(adapter.dispatch('type_timestamp_tz', 'revops_warehouse')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%}
    timestamp with time zone
{%- endmacro %}

{% macro record_change_watermarks(results) -%}
    {%- set built = [] -%}
    {%- for result in results if result.status == 'success' and result.node.resource_type == 'model'
        and result.node.config.materialized == 'incremental' and result.timing -%}
        {%- do built.append((result.node.alias, result.timing[0].started_at.isoformat() ~ '+00:00')) -%}
    {%- endfor -%}
    {%- if execute and built and var('revops_incremental', target.type != 'spark') -%}
        {%- set watermarks = api.Relation.create(
            database=target.database, schema='audit', identifier='change_watermarks') -%}
        {%- set models, rows = [], [] -%}
        {%- for model, started in built -%}
            {%- do models.append("'" ~ model ~ "'") -%}
            {%- do rows.append("('" ~ model ~ "', cast('" ~ started ~ "' as " ~ type_timestamp_tz() ~ "))") -%}
        {%- endfor -%}
        {%- do adapter.create_schema(watermarks) -%}
        {%- do run_query("create table if not exists " ~ watermarks
            ~ " (model varchar(256), built_from " ~ type_timestamp_tz() ~ ")") -%}
        {%- do run_query("delete from " ~ watermarks ~ " where model in (" ~ models | join(", ") ~ ")") -%}
        {%- do run_query("insert into " ~ watermarks ~ " values " ~ rows | join(", ")) -%}
    {%- endif -%}
{%- endmacro %}
