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
        case when company_id is not null then 'hubspot' end as account_source_system,
        case when company_id is not null then 'companies' end as account_source_object,
        company_id as account_source_record_id,
        case when coalesce(salesforce_contact_id, salesforce_lead_id) is not null then 'salesforce' end
            as reference_system,
        case
            when salesforce_contact_id is not null then 'Contact'
            when salesforce_lead_id is not null then 'Lead'
        end as reference_object,
        coalesce(salesforce_contact_id, salesforce_lead_id) as reference_record_id,
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
