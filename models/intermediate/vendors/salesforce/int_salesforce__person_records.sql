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
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(null as {{ dbt.type_timestamp() }}) as became_lead_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_mql_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_sql_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_opportunity_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_customer_at,
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
        lead_status as lifecycle_stage,
        created_at as became_lead_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_mql_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_sql_at,
        cast(converted_date as {{ dbt.type_timestamp() }}) as became_opportunity_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_customer_at,
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
