{{ config(unique_key='dated_conversion_rate_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'dated_conversion_rate', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as dated_conversion_rate_id,
        upper({{ null_if_blank('iso_code') }}) as currency_code,
        {{ parse_decimal('conversion_rate', 18, 6) }} as conversion_rate,
        {{ parse_date('start_date', date_order='_start_date__date_order') }} as start_date,
        {{ parse_date('next_start_date', date_order='_next_start_date__date_order') }} as next_start_date,
        {{ salesforce_system_columns(recycle_bin=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
