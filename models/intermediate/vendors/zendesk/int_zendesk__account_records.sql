with organizations as (

    select * from {{ ref('stg_zendesk__organizations') }}

),

account_records as (

    select
        'zendesk' as source_system,
        'organizations' as source_object,
        organization_id as source_record_id,
        account_name,
        primary_domain_name as website,
        corporate_number,
        cast(null as {{ dbt.type_string() }}) as industry,
        cast(null as {{ dbt.type_bigint() }}) as employee_count,
        cast(null as {{ dbt.type_string() }}) as country,
        cast(null as {{ dbt.type_string() }}) as state_or_prefecture,
        cast(null as {{ dbt.type_string() }}) as owner_name,
        cast(null as {{ dbt.type_string() }}) as csm_name,
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        cast(null as {{ dbt.type_string() }}) as account_type,
        -- Zendesk's external id carries the CRM account id when the Salesforce integration is on.
        {{ record_reference('reference', 'salesforce', {'external_id': 'Account'}) }},
        is_deleted,
        _first_export_date as first_seen_date,
        updated_at,
        cast(null as {{ dbt.type_string() }}) as declared_identifiers
    from organizations

)

select * from account_records
