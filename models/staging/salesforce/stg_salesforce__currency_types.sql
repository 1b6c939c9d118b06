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
        {{ parse_timestamp('created_date', date_order='_created_date__date_order') }} as created_at,
        {{ parse_timestamp('last_modified_date', date_order='_last_modified_date__date_order') }}
            as last_modified_at,
        {{ parse_timestamp('system_modstamp', date_order='_system_modstamp__date_order') }} as system_modified_at,
        has_vanished,
        has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
