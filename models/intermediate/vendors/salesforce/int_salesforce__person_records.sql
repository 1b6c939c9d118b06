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
        case when account_id is not null then 'salesforce' end as account_source_system,
        case when account_id is not null then 'Account' end as account_source_object,
        account_id as account_source_record_id,
        case when master_record_id is not null then 'salesforce' end as reference_system,
        case when master_record_id is not null then 'Contact' end as reference_object,
        master_record_id as reference_record_id,
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
        case when converted_account_id is not null then 'salesforce' end as account_source_system,
        case when converted_account_id is not null then 'Account' end as account_source_object,
        converted_account_id as account_source_record_id,
        case when coalesce(converted_contact_id, master_record_id) is not null then 'salesforce' end
            as reference_system,
        case
            when converted_contact_id is not null then 'Contact'
            when master_record_id is not null then 'Lead'
        end as reference_object,
        coalesce(converted_contact_id, master_record_id) as reference_record_id,
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
