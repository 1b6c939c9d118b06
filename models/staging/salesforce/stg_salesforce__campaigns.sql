{{ config(unique_key='campaign_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'campaign', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as campaign_id,
        {{ clean_salesforce_id('parent_id') }} as parent_campaign_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('name') }} as campaign_name,
        {{ null_if_blank('type') }} as campaign_type,
        {{ null_if_blank('status') }} as campaign_status,
        {{ parse_date('start_date', date_order='_start_date__date_order') }} as start_date,
        {{ parse_date('end_date', date_order='_end_date__date_order') }} as end_date,
        {{ parse_decimal('budgeted_cost') }} as budgeted_cost,
        {{ parse_decimal('actual_cost') }} as actual_cost,
        coalesce({{ parse_boolean('is_active') }}, false) as is_active,
        {{ salesforce_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
