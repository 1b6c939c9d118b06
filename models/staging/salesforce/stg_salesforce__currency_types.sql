{{ config(unique_key='currency_type_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'currency_type', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as currency_type_id,
        upper({{ null_if_blank('iso_code') }}) as currency_code,
        {{ parse_decimal('conversion_rate', 18, 6) }} as conversion_rate,
        coalesce({{ parse_boolean('is_corporate') }}, false) as is_corporate,
        {{ parse_boolean('is_active') }} as is_active,
        {{ parse_integer('decimal_places') }} as decimal_places,
        {{ salesforce_system_columns(recycle_bin=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
