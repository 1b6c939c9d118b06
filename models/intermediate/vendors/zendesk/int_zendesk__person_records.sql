with users as (

    select * from {{ ref('stg_zendesk__users') }}

),

person_records as (

    select
        'zendesk' as source_system,
        'users' as source_object,
        user_id as source_record_id,
        email,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        full_name,
        cast(null as {{ dbt.type_string() }}) as title,
        phone,
        case when organization_id is not null then 'zendesk' end as account_source_system,
        case when organization_id is not null then 'organizations' end as account_source_object,
        organization_id as account_source_record_id,
        cast(null as {{ dbt.type_string() }}) as reference_system,
        cast(null as {{ dbt.type_string() }}) as reference_object,
        cast(null as {{ dbt.type_string() }}) as reference_record_id,
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(null as {{ dbt.type_timestamp() }}) as became_lead_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_mql_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_sql_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_opportunity_at,
        cast(null as {{ dbt.type_timestamp() }}) as became_customer_at,
        is_deleted,
        _first_export_date as first_seen_date,
        created_at,
        updated_at
    from users
    where user_role is null or user_role = 'end-user'  -- agents and admins are the vendor's staff

)

select * from person_records
