{{ config(unique_key='deal_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'deals', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as deal_id,
        {{ hubspot_company_associations() | indent(8) }},
        {{ list_first_item('associated_contact_id') }} as contact_id,
        {{ null_if_blank('associated_contact_id') }} as associated_contact_ids,
        {{ clean_salesforce_id('salesforce_opportunity_id') }} as salesforce_opportunity_id,
        {{ null_if_blank('deal_name') }} as deal_name,
        {{ null_if_blank('deal_stage') }} as deal_stage,
        {{ null_if_blank('pipeline') }} as pipeline,
        {{ null_if_blank('deal_type') }} as deal_type,
        {{ null_if_blank('deal_owner') }} as owner_name,
        {{ parse_decimal('amount') }} as amount,
        upper({{ null_if_blank('currency_code') }}) as currency_code,
        {{ parse_date('close_date', date_order='_close_date__date_order') }} as close_date,
        {{ hubspot_system_columns() | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
