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

{#- salesforce_deletion_columns(merged=false): the deletion flags of a Salesforce record: is_deleted_in_source
    (IsDeleted, in the recycle bin), with merged=true is_merged (MasterRecordId set: merged away into another
    record), has_vanished (gone from a newer full export) and is_deleted (in the recycle bin or vanished). -#}
{% macro salesforce_deletion_columns(merged=false) -%}
    {%- set deleted_in_source = 'coalesce(' ~ revops_warehouse.parse_boolean('is_deleted') ~ ', false)' -%}
    {{ deleted_in_source }} as is_deleted_in_source,
    {%- if merged %}
        {{ revops_warehouse.clean_salesforce_id('master_record_id') }} is not null as is_merged,
    {%- endif %}
    has_vanished,
    {{ deleted_in_source }} or has_vanished as is_deleted
{%- endmacro %}
