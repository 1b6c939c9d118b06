{{ config(unique_key='opportunity_history_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'opportunity_history', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as opportunity_history_id,
        {{ clean_salesforce_id('opportunity_id') }} as opportunity_id,
        {{ null_if_blank('stage_name') }} as stage_name,
        {{ null_if_blank('from_stage_name') }} as from_stage_name,
        {{ null_if_blank('forecast_category') }} as forecast_category,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_decimal('probability', 5, 2) }} as probability,
        {{ parse_date('close_date', date_order='_close_date__date_order') }} as close_date,
        {{ salesforce_system_columns(last_modified=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
