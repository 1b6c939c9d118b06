with companies as (

    select * from {{ ref('stg_gainsight__companies') }}

),

account_records as (

    select
        'gainsight' as source_system,
        'companies' as source_object,
        company_id as source_record_id,
        account_name,
        website,
        corporate_number,
        industry,
        employee_count,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as state_or_prefecture,
        cast(null as {{ dbt.type_string() }}) as owner_name,
        owner_name as csm_name,
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(null as {{ dbt.type_string() }}) as account_type,
        {{ record_reference('reference', 'salesforce', {'salesforce_account_id': 'Account'}) }},
        is_deleted,
        _first_export_date as first_seen_date,
        last_modified_at as updated_at,
        cast(null as {{ dbt.type_string() }}) as declared_identifiers
    from companies

)

select * from account_records
