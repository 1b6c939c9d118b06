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
        {{ record_reference('account_source', 'salesforce', {'opportunities.account_id': 'Account'}) }},
        {{ no_record_reference('person_source') }},
        {{ no_record_reference('reference') }},
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
