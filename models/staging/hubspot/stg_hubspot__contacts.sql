{{ config(unique_key='contact_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('hubspot', 'contacts', key_columns=['record_id']) }}

),

renamed as (

    select
        {{ null_if_blank('record_id') }} as contact_id,
        {{ hubspot_company_associations() | indent(8) }},
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
        {{ hubspot_timestamp('became_subscriber_at') }} as became_subscriber_at,
        {{ hubspot_timestamp('became_lead_at') }} as became_lead_at,
        {{ hubspot_timestamp('became_mql_at') }} as became_mql_at,
        {{ hubspot_timestamp('became_sql_at') }} as became_sql_at,
        {{ hubspot_timestamp('became_opportunity_at') }} as became_opportunity_at,
        {{ hubspot_timestamp('became_customer_at') }} as became_customer_at,
        {{ hubspot_timestamp('became_evangelist_at') }} as became_evangelist_at,
        {{ hubspot_timestamp('became_other_at') }} as became_other_at,
        {{ hubspot_system_columns(last_activity=true) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
