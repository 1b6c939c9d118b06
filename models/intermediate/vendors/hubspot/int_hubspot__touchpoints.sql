{#- Marketing touches HubSpot records: email opens and clicks (sends, deliveries and bounces are not a person's
    action) and form submissions. Both carry only an email address; the person is found by email downstream. -#}
with email_events as (

    select * from {{ ref('stg_hubspot__email_events') }}

),

form_submissions as (

    select * from {{ ref('stg_hubspot__form_submissions') }}

),

email_touches as (

    select
        'hubspot' as source_system,
        'email_events' as source_object,
        email_event_id as source_record_id,
        case event_type when 'OPEN' then 'email_open' else 'email_click' end as touchpoint_type,
        'marketing' as channel,
        occurred_at,
        campaign_name,
        email,
        _loaded_at as loaded_at
    from email_events
    where event_type in ('OPEN', 'CLICK')

),

form_touches as (

    select
        'hubspot' as source_system,
        'form_submissions' as source_object,
        form_submission_id as source_record_id,
        'form_submission' as touchpoint_type,
        'marketing' as channel,
        submitted_at as occurred_at,
        coalesce(campaign_name, form_name) as campaign_name,
        email,
        _loaded_at as loaded_at
    from form_submissions

),

touches as (

    select * from email_touches
    union all
    select * from form_touches

),

canonical as (

    select
        source_system,
        source_object,
        source_record_id,
        touchpoint_type,
        channel,
        occurred_at,
        campaign_name,
        email,
        cast(null as {{ dbt.type_string() }}) as person_source_system,
        cast(null as {{ dbt.type_string() }}) as person_source_object,
        cast(null as {{ dbt.type_string() }}) as person_source_record_id,
        cast(null as {{ dbt.type_string() }}) as account_source_system,
        cast(null as {{ dbt.type_string() }}) as account_source_object,
        cast(null as {{ dbt.type_string() }}) as account_source_record_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_source_system,
        cast(null as {{ dbt.type_string() }}) as opportunity_source_object,
        cast(null as {{ dbt.type_string() }}) as opportunity_source_record_id,
        loaded_at
    from touches

)

select * from canonical
