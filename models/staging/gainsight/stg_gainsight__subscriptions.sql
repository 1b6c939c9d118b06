{{ config(unique_key='subscription_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('gainsight', 'subscriptions', key_columns=['subscription_id']) }}

),

renamed as (

    select
        {{ null_if_blank('subscription_id') }} as subscription_id,
        {{ null_if_blank('company_gsid') }} as company_id,
        {{ clean_salesforce_id('sfdc_account_id') }} as salesforce_account_id,
        {{ null_if_blank('product') }} as product_name,
        {{ parse_decimal('mrr') }} as mrr,
        {{ parse_decimal('arr') }} as arr,
        upper({{ null_if_blank('currency') }}) as currency,
        {{ parse_date('start_date', date_order='_start_date__date_order') }} as start_date,
        {{ parse_date('end_date', date_order='_end_date__date_order') }} as end_date,
        lower({{ null_if_blank('status') }}) as subscription_status,
        lower({{ null_if_blank('payment_status') }}) as payment_status,
        {{ gainsight_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
