with accounts as (

    select * from {{ ref('stg_salesforce__accounts') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

account_records as (

    select
        'salesforce' as source_system,
        'Account' as source_object,
        accounts.account_id as source_record_id,
        accounts.account_name,
        accounts.website,
        accounts.corporate_number,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        accounts.state_or_prefecture,
        users.full_name as owner_name,
        cast(null as {{ dbt.type_string() }}) as csm_name,
        cast(null as {{ dbt.type_string() }}) as lifecycle_stage,
        accounts.account_type,
        {{ record_reference('reference', 'salesforce', {'accounts.master_record_id': 'Account'}) }},
        accounts.is_deleted,
        accounts._first_export_date as first_seen_date,
        accounts.last_modified_at as updated_at,
        -- a team's own tax-id field (mapped in revops.yml): its kind is inferred from the value in resolution
        case
            when accounts.tax_id is not null then {{ dbt.concat(["'tax_id:'", 'accounts.tax_id']) }}
        end as declared_identifiers
    from accounts
    left join users on accounts.owner_id = users.user_id

)

select * from account_records
