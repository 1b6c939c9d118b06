with cases as (

    select * from {{ ref('stg_salesforce__cases') }}

),

canonical as (

    select
        'salesforce' as source_system,
        'Case' as source_object,
        case_id as source_record_id,
        {{ record_reference('account_source', 'salesforce', {'account_id': 'Account'}) }},
        {{ record_reference('person_source', 'salesforce', {'contact_id': 'Contact'}) }},
        subject,
        -- Salesforce case statuses are org-specific: closed / new / anything else open
        case
            when is_closed then 'closed'
            when lower(case_status) = 'new' then 'new'
            else 'open'
        end as ticket_status,
        lower(priority) as priority,
        lower(case_origin) as channel,
        cast(null as {{ dbt.type_string() }}) as satisfaction,
        cast(null as {{ dbt.type_bigint() }}) as first_reply_minutes,
        case
            when closed_at is not null then {{ dbt.datediff('created_at', 'closed_at', 'minute') }}
        end as full_resolution_minutes,
        created_at,
        closed_at as solved_at,
        not is_closed as is_open,
        is_deleted,
        system_modified_at as updated_at,
        _loaded_at as loaded_at
    from cases

)

select * from canonical
