with deals as (

    select * from {{ ref('stg_hubspot__deals') }}

),

opportunity_types as (

    select * from {{ ref('opportunity_types') }}
    where source_system = 'hubspot'

),

canonical as (

    select
        'hubspot' as source_system,
        'deals' as source_object,
        deals.deal_id as source_record_id,
        case when deals.company_id is not null then 'hubspot' end as account_source_system,
        case when deals.company_id is not null then 'companies' end as account_source_object,
        deals.company_id as account_source_record_id,
        case when deals.contact_id is not null then 'hubspot' end as person_source_system,
        case when deals.contact_id is not null then 'contacts' end as person_source_object,
        deals.contact_id as person_source_record_id,
        -- the HubSpot-Salesforce connector stamps the synced opportunity's id on the deal
        case when deals.salesforce_opportunity_id is not null then 'salesforce' end as reference_system,
        case when deals.salesforce_opportunity_id is not null then 'Opportunity' end as reference_object,
        deals.salesforce_opportunity_id as reference_record_id,
        deals.deal_name as opportunity_name,
        deals.deal_type as source_opportunity_type,
        -- HubSpot has one "existing business" type for expansions and renewals: the deal name tells renewals apart
        case
            when lower(deals.deal_name) like '%renewal%' or deals.deal_name like '%更新%' then 'renewal'
            else opportunity_types.opportunity_type
        end as opportunity_type,
        deals.deal_stage as stage_name,
        case
            when lower(deals.deal_stage) = 'closedwon' then 'won'
            when lower(deals.deal_stage) = 'closedlost' then 'lost'
            else 'open'
        end as stage_category,
        deals.amount,
        deals.currency_code,
        deals.created_at,
        deals.close_date,
        lower(deals.deal_stage) in ('closedwon', 'closedlost') as is_closed,
        lower(deals.deal_stage) = 'closedwon' as is_won,
        deals.owner_name,
        cast(null as {{ dbt.type_string() }}) as lead_source,
        deals.is_deleted,
        deals.last_modified_at as updated_at,
        deals._loaded_at as loaded_at
    from deals
    left join opportunity_types on lower(trim(deals.deal_type)) = opportunity_types.source_type

)

select * from canonical
