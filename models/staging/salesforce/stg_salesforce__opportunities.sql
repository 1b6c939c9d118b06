{{ config(unique_key='opportunity_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'opportunity', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as opportunity_id,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('campaign_id') }} as campaign_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('name') }} as opportunity_name,
        {{ null_if_blank('stage_name') }} as stage_name,
        {{ null_if_blank('type') }} as opportunity_type,
        {{ null_if_blank('lead_source') }} as lead_source,
        {{ null_if_blank('forecast_category') }} as forecast_category,
        {{ parse_decimal('amount') }} as amount,
        upper({{ null_if_blank('currency_iso_code') }}) as currency_code,
        {{ parse_decimal('probability', 5, 2) }} as probability,
        {{ parse_date('close_date', date_order='_close_date__date_order') }} as close_date,
        coalesce({{ parse_boolean('is_closed') }}, false) as is_closed,
        coalesce({{ parse_boolean('is_won') }}, false) as is_won,
        {{ salesforce_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
