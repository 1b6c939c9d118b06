{#- Marketing touches HubSpot records: email opens and clicks (sends, deliveries and bounces are not a person's
    action) and form submissions. Both carry only an email address; the person is found by email downstream.
    Source / medium (seed channel_groupings): an email event is medium email; a form submission carries the
    Original Traffic Source of the contact with its address (medium traffic_source): the export of form
    submissions has no source of its own, so the touch is credited to the channel that first brought the person. -#}
with email_events as (

    select * from {{ ref('stg_hubspot__email_events') }}

),

form_submissions as (

    select * from {{ ref('stg_hubspot__form_submissions') }}

),

contacts as (

    select * from {{ ref('stg_hubspot__contacts') }}

),

contact_sources as (  -- one contact per address: a live one first, then the earliest created

    select
        email,
        original_source
    from (
        select
            email,
            original_source,
            row_number() over (
                partition by email
                order by is_deleted asc, created_at asc, contact_id asc
            ) as address_rank
        from contacts
        where email is not null
    ) as ranked
    where address_rank = 1

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
        cast(null as {{ dbt.type_string() }}) as touch_source,
        'email' as touch_medium,
        email,
        _loaded_at as loaded_at
    from email_events
    where event_type in ('OPEN', 'CLICK')

),

form_touches as (

    select
        'hubspot' as source_system,
        'form_submissions' as source_object,
        form_submissions.form_submission_id as source_record_id,
        'form_submission' as touchpoint_type,
        'marketing' as channel,
        form_submissions.submitted_at as occurred_at,
        coalesce(form_submissions.campaign_name, form_submissions.form_name) as campaign_name,
        contact_sources.original_source as touch_source,
        'traffic_source' as touch_medium,
        form_submissions.email,
        form_submissions._loaded_at as loaded_at
    from form_submissions
    left join contact_sources on form_submissions.email = contact_sources.email

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
        touch_source,
        touch_medium,
        email,
        {{ no_record_reference('person_source') }},
        {{ no_record_reference('account_source') }},
        {{ no_record_reference('opportunity_source') }},
        loaded_at
    from touches

)

select * from canonical
