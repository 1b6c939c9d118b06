{#- HubSpot writes date-times in the portal's time zone: set var revops_hubspot_timezone (e.g. Asia/Tokyo). -#}
{%- set tz = var('revops_hubspot_timezone', 'UTC') -%}

{{ config(unique_key='contact_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'contacts', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as contact_id,
        -- the primary company when the export has it, else the first of all associations
        coalesce(
            {{ list_first_item('associated_company_id') }}, {{ list_first_item('associated_company_ids') }}
        ) as company_id,
        coalesce(
            {{ null_if_blank('associated_company_ids') }}, {{ null_if_blank('associated_company_id') }}
        ) as associated_company_ids,
        {{ clean_salesforce_id('salesforce_contact_id') }} as salesforce_contact_id,
        {{ clean_salesforce_id('salesforce_lead_id') }} as salesforce_lead_id,
        {{ null_if_placeholder('first_name') }} as first_name,
        {{ null_if_placeholder('last_name') }} as last_name,
        {{ person_full_name(null_if_placeholder('first_name'), null_if_placeholder('last_name')) }} as full_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_placeholder('phone') }} as phone,
        {{ null_if_blank('job_title') }} as title,
        {{ null_if_placeholder('company_name') }} as company_name,
        {{ null_if_placeholder('associated_company') }} as associated_company_name,
        {{ hubspot_lifecycle_stage('lifecycle_stage') }} as lifecycle_stage,
        {{ null_if_blank('lifecycle_stage') }} as lifecycle_stage_label,
        {{ null_if_blank('lead_status') }} as lead_status,
        {{ null_if_blank('contact_owner') }} as owner_name,
        {{ null_if_blank('original_source') }} as original_source,
        {{ null_if_blank('original_source_drill_down_1') }} as original_source_drill_down_1,
        {{ null_if_blank('original_source_drill_down_2') }} as original_source_drill_down_2,
        {{ null_if_blank('latest_source') }} as latest_source,
        {{ null_if_blank('latest_source_drill_down_1') }} as latest_source_drill_down_1,
        {{ null_if_blank('latest_source_drill_down_2') }} as latest_source_drill_down_2,
        {{ parse_timestamp('became_subscriber_at', tz, date_order='_became_subscriber_at__date_order') }}
            as became_subscriber_at,
        {{ parse_timestamp('became_lead_at', tz, date_order='_became_lead_at__date_order') }} as became_lead_at,
        {{ parse_timestamp('became_mql_at', tz, date_order='_became_mql_at__date_order') }} as became_mql_at,
        {{ parse_timestamp('became_sql_at', tz, date_order='_became_sql_at__date_order') }} as became_sql_at,
        {{ parse_timestamp('became_opportunity_at', tz, date_order='_became_opportunity_at__date_order') }}
            as became_opportunity_at,
        {{ parse_timestamp('became_customer_at', tz, date_order='_became_customer_at__date_order') }}
            as became_customer_at,
        {{ parse_timestamp('became_evangelist_at', tz, date_order='_became_evangelist_at__date_order') }}
            as became_evangelist_at,
        {{ parse_timestamp('became_other_at', tz, date_order='_became_other_at__date_order') }}
            as became_other_at,
        {{ parse_timestamp('create_date', tz, date_order='_create_date__date_order') }} as created_at,
        {{ parse_timestamp('last_activity_date', tz, date_order='_last_activity_date__date_order') }}
            as last_activity_at,
        {{ parse_timestamp('last_modified_date', tz, date_order='_last_modified_date__date_order') }}
            as last_modified_at,
        has_vanished,
        has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
