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
        case when salesforce_account_id is not null then 'salesforce' end as reference_system,
        case when salesforce_account_id is not null then 'Account' end as reference_object,
        salesforce_account_id as reference_record_id,
        is_deleted,
        _first_export_date as first_seen_date,
        last_modified_at as updated_at,
        cast(null as {{ dbt.type_string() }}) as declared_identifiers
    from companies

)

select * from account_records
