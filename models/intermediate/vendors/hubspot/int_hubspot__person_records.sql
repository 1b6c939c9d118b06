with contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

person_records as (

    select
        'hubspot' as source_system,
        'contacts' as source_object,
        contact_id as source_record_id,
        email,
        first_name,
        last_name,
        full_name,
        title,
        phone,
        {{ record_reference('account_source', 'hubspot', {'company_id': 'companies'}) }},
        {{ record_reference(
            'reference', 'salesforce', {'salesforce_contact_id': 'Contact', 'salesforce_lead_id': 'Lead'}
        ) }},
        lifecycle_stage,
        became_lead_at,
        became_mql_at,
        became_sql_at,
        became_opportunity_at,
        became_customer_at,
        is_deleted,
        _first_export_date as first_seen_date,
        created_at,
        last_modified_at as updated_at
    from contacts

)

select * from person_records
