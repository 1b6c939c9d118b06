with subscriptions as (

    select * from {{ ref('stg_gainsight__subscriptions') }}

),

canonical as (

    select
        'gainsight' as source_system,
        'subscriptions' as source_object,
        subscription_id as source_record_id,
        'gainsight' as account_source_system,
        'companies' as account_source_object,
        company_id as account_source_record_id,
        product_name,
        mrr,
        arr,
        currency,
        start_date,
        end_date,
        subscription_status,
        payment_status,
        is_deleted,
        last_modified_at as updated_at
    from subscriptions

)

select * from canonical
