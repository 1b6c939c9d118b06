{#-
    Usage rows are dated facts (company × snapshot_date), not entities: a weekly file may list only the
    latest dates, so a row missing from a newer export is not a deletion and has_vanished is not exposed.
-#}
{{ config(materialized='table') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('gainsight', 'usage', key_columns=['company_gsid', 'snapshot_date']) }}

),

renamed as (

    select
        {{ snapshot_id(
            null_if_blank('company_gsid'), parse_date('snapshot_date', date_order='_snapshot_date__date_order')
        ) }} as usage_snapshot_id,
        {{ null_if_blank('company_gsid') }} as company_id,
        {{ parse_date('snapshot_date', date_order='_snapshot_date__date_order') }} as snapshot_date,
        {{ parse_integer('licenses_purchased') }} as licenses_purchased,
        {{ parse_integer('active_users') }} as active_users,
        {{ parse_integer('logins_30d') }} as logins_30d,
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
