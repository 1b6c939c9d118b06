{{ config(unique_key='case_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'case', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as case_id,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('contact_id') }} as contact_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('case_number') }} as case_number,
        lower({{ null_if_placeholder('supplied_email') }}) as supplied_email,
        {{ null_if_blank('subject') }} as subject,
        {{ null_if_blank('type') }} as case_type,
        {{ null_if_blank('status') }} as case_status,
        {{ null_if_blank('reason') }} as case_reason,
        {{ null_if_blank('origin') }} as case_origin,
        {{ null_if_blank('priority') }} as priority,
        coalesce({{ parse_boolean('is_closed') }}, false) as is_closed,
        coalesce({{ parse_boolean('is_escalated') }}, false) as is_escalated,
        {{ parse_timestamp('closed_date', date_order='_closed_date__date_order') }} as closed_at,
        {{ salesforce_system_columns(last_modified=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
