{#- HubSpot writes date-times in the portal's time zone: set var revops_hubspot_timezone (e.g. Asia/Tokyo). -#}
{%- set tz = var('revops_hubspot_timezone', 'UTC') -%}

{{ config(unique_key='deal_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'deals', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as deal_id,
        -- the primary company when the export has it, else the first of all associations
        coalesce(
            {{ list_first_item('associated_company_id') }}, {{ list_first_item('associated_company_ids') }}
        ) as company_id,
        coalesce(
            {{ null_if_blank('associated_company_ids') }}, {{ null_if_blank('associated_company_id') }}
        ) as associated_company_ids,
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
        {{ parse_timestamp('create_date', tz, date_order='_create_date__date_order') }} as created_at,
        {{ parse_timestamp('last_modified_date', tz, date_order='_last_modified_date__date_order') }}
            as last_modified_at,
        has_vanished,
        has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
