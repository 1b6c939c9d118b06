with opportunities as (

    select * from {{ ref('stg_salesforce__opportunities') }}

),

users as (

    select * from {{ ref('stg_salesforce__users') }}

),

opportunity_types as (

    select * from {{ ref('opportunity_types') }}
    where source_system = 'salesforce'

),

canonical as (

    select
        'salesforce' as source_system,
        'Opportunity' as source_object,
        opportunities.opportunity_id as source_record_id,
        case when opportunities.account_id is not null then 'salesforce' end as account_source_system,
        case when opportunities.account_id is not null then 'Account' end as account_source_object,
        opportunities.account_id as account_source_record_id,
        cast(null as {{ dbt.type_string() }}) as person_source_system,
        cast(null as {{ dbt.type_string() }}) as person_source_object,
        cast(null as {{ dbt.type_string() }}) as person_source_record_id,
        cast(null as {{ dbt.type_string() }}) as reference_system,
        cast(null as {{ dbt.type_string() }}) as reference_object,
        cast(null as {{ dbt.type_string() }}) as reference_record_id,
        opportunities.opportunity_name,
        opportunities.opportunity_type as source_opportunity_type,
        opportunity_types.opportunity_type,
        opportunities.stage_name,
        case
            when opportunities.is_won then 'won'
            when opportunities.is_closed then 'lost'
            else 'open'
        end as stage_category,
        opportunities.amount,
        opportunities.currency_code,
        opportunities.created_at,
        opportunities.close_date,
        opportunities.is_closed,
        opportunities.is_won,
        users.full_name as owner_name,
        opportunities.lead_source,
        opportunities.is_deleted,
        opportunities.last_modified_at as updated_at,
        opportunities._loaded_at as loaded_at
    from opportunities
    left join users on opportunities.owner_id = users.user_id
    left join opportunity_types on lower(trim(opportunities.opportunity_type)) = opportunity_types.source_type

)

select * from canonical
