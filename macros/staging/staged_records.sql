{#-
    The parts every reduced staging model shares, written once; each model still lists its own vendor columns
    literally between them.
-#}

{#- reduce_snapshots_with_date_orders(source_name, table_name, key_columns, updated_at=none,
    per_export_date=false): reduce_snapshots over source(source_name, table_name), each row with the
    day/month order its batch's date columns read in (date_orders_by_batch: one _<column>__date_order column
    per date column of var revops_date_columns, for parse_date / parse_timestamp). -#}
{% macro reduce_snapshots_with_date_orders(
    source_name, table_name, key_columns, updated_at=none, per_export_date=false
) -%}
    select
        reduced.*,
        date_orders.*
    from (
        {{ revops_warehouse.reduce_snapshots(
            source(source_name, table_name), key_columns, updated_at, per_export_date) | indent(8) }}
    ) as reduced
    left join (
        {{ revops_warehouse.date_orders_by_batch(source_name, table_name) | indent(8) }}
    ) as date_orders on reduced._batch_id = date_orders._date_order_batch_id
{%- endmacro %}

{#- lineage_columns(): the lineage columns reduce_snapshots gives each record, in the order every staging
    model ends with (_first_export_date, _content_hash, _export_date, _batch_id, _loaded_at). -#}
{% macro lineage_columns() -%}
    _first_export_date,
    _content_hash,
    _export_date,
    _batch_id,
    _loaded_at
{%- endmacro %}

{#- salesforce_system_columns(last_modified=true, recycle_bin=true, merged=false): the system fields every
    Salesforce object ends with, in this order: created_at (CreatedDate), last_modified_at (LastModifiedDate;
    last_modified=false for objects without it), system_modified_at (SystemModstamp), each read in its batch's
    date order; then the deletion flags: with recycle_bin (objects with IsDeleted) is_deleted_in_source (in the
    recycle bin) and, with merged=true, is_merged (MasterRecordId set: merged away into another record);
    has_vanished (gone from a newer full export); is_deleted (in the recycle bin or vanished). -#}
{% macro salesforce_system_columns(last_modified=true, recycle_bin=true, merged=false) -%}
    {%- set deleted_in_source = 'coalesce(' ~ revops_warehouse.parse_boolean('is_deleted') ~ ', false)' -%}
    {%- set columns = [revops_warehouse.parse_timestamp('created_date', date_order='_created_date__date_order')
        ~ ' as created_at'] -%}
    {%- if last_modified -%}
        {%- do columns.append(revops_warehouse.parse_timestamp(
            'last_modified_date', date_order='_last_modified_date__date_order') ~ ' as last_modified_at') -%}
    {%- endif -%}
    {%- do columns.append(revops_warehouse.parse_timestamp(
        'system_modstamp', date_order='_system_modstamp__date_order') ~ ' as system_modified_at') -%}
    {%- if recycle_bin -%}
        {%- do columns.append(deleted_in_source ~ ' as is_deleted_in_source') -%}
    {%- endif -%}
    {%- if recycle_bin and merged -%}
        {%- do columns.append(
            revops_warehouse.clean_salesforce_id('master_record_id') ~ ' is not null as is_merged') -%}
    {%- endif -%}
    {%- do columns.append('has_vanished') -%}
    {%- do columns.append((deleted_in_source ~ ' or ' if recycle_bin else '') ~ 'has_vanished as is_deleted') -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{#- snapshot_id(key, snapshot_date): the id of a row of a *_snapshots history model, `<key>|<date>` (the key
    expression, '|', the snapshot date as text), one format for every such model. -#}
{% macro snapshot_id(key, snapshot_date) -%}
    {{ dbt.concat([key, "'|'", "cast(" ~ snapshot_date ~ " as " ~ dbt.type_string() ~ ")"]) }}
{%- endmacro %}
