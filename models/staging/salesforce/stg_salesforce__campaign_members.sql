{{ config(unique_key='campaign_member_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'campaign_member', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as campaign_member_id,
        {{ clean_salesforce_id('campaign_id') }} as campaign_id,
        {{ clean_salesforce_id('lead_id') }} as lead_id,
        {{ clean_salesforce_id('contact_id') }} as contact_id,
        {{ null_if_blank('status') }} as member_status,
        coalesce({{ parse_boolean('has_responded') }}, false) as has_responded,
        {{ parse_date('first_responded_date', date_order='_first_responded_date__date_order') }}
            as first_responded_date,
        {{ salesforce_system_columns(last_modified=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
