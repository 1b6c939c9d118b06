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
        {{ record_reference('account_source', 'hubspot', {'deals.company_id': 'companies'}) }},
        {{ record_reference('person_source', 'hubspot', {'deals.contact_id': 'contacts'}) }},
        -- the HubSpot-Salesforce connector stamps the synced opportunity's id on the deal
        {{ record_reference('reference', 'salesforce', {'deals.salesforce_opportunity_id': 'Opportunity'}) }},
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
