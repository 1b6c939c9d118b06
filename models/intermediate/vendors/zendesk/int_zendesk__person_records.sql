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
        {{ record_reference('account_source', 'zendesk', {'organization_id': 'organizations'}) }},
        {{ no_record_reference('reference') }},
        {{ person_lifecycle() }},
        is_deleted,
        _first_export_date as first_seen_date,
        created_at,
        updated_at
    from users
    where user_role is null or user_role = 'end-user'  -- agents and admins are the vendor's staff

)

select * from person_records
