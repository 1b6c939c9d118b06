{#- Touches Salesforce records: campaign responses (marketing), and the sales touches its records imply: an
    opportunity created (account level) and a lead converted by a rep (person level).
    Source / medium (seed channel_groupings): a campaign response carries its campaign's Type (medium
    campaign_type), else the LeadSource of its member (contact, else lead; medium lead_source); an opportunity
    created carries the opportunity's LeadSource, a lead converted the lead's (medium lead_source). -#}
with campaign_members as (

    select * from {{ ref('stg_salesforce__campaign_members') }}

),

campaigns as (

    select * from {{ ref('stg_salesforce__campaigns') }}

),

opportunities as (

    select * from {{ ref('stg_salesforce__opportunities') }}

),

leads as (

    select * from {{ ref('stg_salesforce__leads') }}

),

contacts as (

    select * from {{ ref('stg_salesforce__contacts') }}

),

campaign_responses as (

    select
        'CampaignMember' as source_object,
        campaign_members.campaign_member_id as source_record_id,
        'campaign_response' as touchpoint_type,
        'marketing' as channel,
        coalesce(
            cast(campaign_members.first_responded_date as {{ dbt.type_timestamp() }}), campaign_members.created_at
        ) as occurred_at,
        campaigns.campaign_name,
        coalesce(campaigns.campaign_type, contacts.lead_source, leads.lead_source) as touch_source,
        case when campaigns.campaign_type is not null then 'campaign_type' else 'lead_source' end as touch_medium,
        case when campaign_members.contact_id is not null then 'Contact' else 'Lead' end as person_source_object,
        coalesce(campaign_members.contact_id, campaign_members.lead_id) as person_source_record_id,
        cast(null as {{ dbt.type_string() }}) as account_source_record_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_source_record_id,
        campaign_members._loaded_at as loaded_at
    from campaign_members
    left join campaigns on campaign_members.campaign_id = campaigns.campaign_id
    left join contacts on campaign_members.contact_id = contacts.contact_id
    left join leads on campaign_members.lead_id = leads.lead_id
    where campaign_members.has_responded and not campaign_members.is_deleted

),

opportunity_creations as (

    select
        'Opportunity' as source_object,
        opportunities.opportunity_id as source_record_id,
        'opportunity_created' as touchpoint_type,
        'sales' as channel,
        opportunities.created_at as occurred_at,
        campaigns.campaign_name,
        opportunities.lead_source as touch_source,
        'lead_source' as touch_medium,
        cast(null as {{ dbt.type_string() }}) as person_source_object,
        cast(null as {{ dbt.type_string() }}) as person_source_record_id,
        opportunities.account_id as account_source_record_id,
        opportunities.opportunity_id as opportunity_source_record_id,
        opportunities._loaded_at as loaded_at
    from opportunities
    left join campaigns on opportunities.campaign_id = campaigns.campaign_id
    where not opportunities.is_deleted and opportunities.created_at is not null

),

lead_conversions as (

    select
        'Lead' as source_object,
        lead_id as source_record_id,
        'lead_converted' as touchpoint_type,
        'sales' as channel,
        cast(converted_date as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        lead_source as touch_source,
        'lead_source' as touch_medium,
        'Lead' as person_source_object,
        lead_id as person_source_record_id,
        converted_account_id as account_source_record_id,
        converted_opportunity_id as opportunity_source_record_id,
        _loaded_at as loaded_at
    from leads
    where is_converted and converted_date is not null

),

touches as (

    select * from campaign_responses
    union all
    select * from opportunity_creations
    union all
    select * from lead_conversions

),

canonical as (

    select
        'salesforce' as source_system,
        source_object,
        source_record_id,
        touchpoint_type,
        channel,
        occurred_at,
        campaign_name,
        touch_source,
        touch_medium,
        cast(null as {{ dbt.type_string() }}) as email,
        case when person_source_record_id is not null then 'salesforce' end as person_source_system,
        person_source_object,
        person_source_record_id,
        {{ record_reference('account_source', 'salesforce', {'account_source_record_id': 'Account'}) }},
        {{ record_reference('opportunity_source', 'salesforce', {'opportunity_source_record_id': 'Opportunity'}) }},
        loaded_at
    from touches

)

select * from canonical
