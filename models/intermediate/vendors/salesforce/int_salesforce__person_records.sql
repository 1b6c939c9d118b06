with contacts as (

    select * from {{ ref('stg_salesforce__contacts') }}

),

leads as (

    select * from {{ ref('stg_salesforce__leads') }}

),

contact_records as (

    select
        'salesforce' as source_system,
        'Contact' as source_object,
        contact_id as source_record_id,
        email,
        first_name,
        last_name,
        full_name,
        title,
        phone,
        {{ record_reference('account_source', 'salesforce', {'account_id': 'Account'}) }},
        {{ record_reference('reference', 'salesforce', {'master_record_id': 'Contact'}) }},
        {{ person_lifecycle() }},
        is_deleted,
        _first_export_date as first_seen_date,
        created_at,
        last_modified_at as updated_at
    from contacts

),

lead_records as (

    select
        'salesforce' as source_system,
        'Lead' as source_object,
        lead_id as source_record_id,
        email,
        first_name,
        last_name,
        full_name,
        title,
        phone,
        {{ record_reference('account_source', 'salesforce', {'converted_account_id': 'Account'}) }},
        {{ record_reference(
            'reference', 'salesforce', {'converted_contact_id': 'Contact', 'master_record_id': 'Lead'}
        ) }},
        -- a lead's status is its stage; it became a lead when created, an opportunity when converted
        {{ person_lifecycle(stage='lead_status', lead_at='created_at', opportunity_at='converted_date') }},
        is_deleted,
        _first_export_date as first_seen_date,
        created_at,
        last_modified_at as updated_at
    from leads

),

unioned as (

    select * from contact_records
    union all
    select * from lead_records

)

select * from unioned
