with companies as (

    select * from {{ ref('stg_hubspot__companies') }}

),

account_records as (

    select
        'hubspot' as source_system,
        'companies' as source_object,
        company_id as source_record_id,
        account_name,
        coalesce(domain_name, website) as website,
        corporate_number,
        industry,
        employee_count,
        country,
        state_or_prefecture,
        owner_name,
        cast(null as {{ dbt.type_string() }}) as csm_name,
        lifecycle_stage,
        cast(null as {{ dbt.type_string() }}) as account_type,
        {{ record_reference('reference', 'salesforce', {'salesforce_account_id': 'Account'}) }},
        is_deleted,
        _first_export_date as first_seen_date,
        last_modified_at as updated_at,
        -- a team's own tax-id field (mapped in revops.yml): its kind is inferred from the value in resolution
        case
            when tax_id is not null then {{ dbt.concat(["'tax_id:'", 'tax_id']) }}
        end as declared_identifiers
    from companies

)

select * from account_records
