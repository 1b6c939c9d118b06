{#- HubSpot activities (calls, meetings, e-mails, notes): the activity type label or API value mapped by var
    revops_activity_types; direction from the call or e-mail direction; occurred_at the activity date (hs_timestamp),
    else a meeting's start, else the record's creation; person, account and opportunity the first associated
    contact, company and deal. -#}
with engagements as (

    select * from {{ ref('stg_hubspot__engagements') }}

),

canonical as (

    select
        'hubspot' as source_system,
        'engagements' as source_object,
        engagement_id as source_record_id,
        {{ activity_type('activity_type') }} as activity_type,
        activity_type as source_activity_type,
        {{ activity_direction('coalesce(call_direction, email_direction)') }} as direction,
        coalesce(activity_at, meeting_started_at, created_at) as occurred_at,
        coalesce(
            call_duration_seconds / 60.0,
            {{ dbt.datediff('meeting_started_at', 'meeting_ended_at', 'minute') }}
        ) as duration_minutes,
        subject,
        owner_name,
        {{ record_reference('person_source', 'hubspot', {'contact_id': 'contacts'}) }},
        {{ record_reference('account_source', 'hubspot', {'company_id': 'companies'}) }},
        {{ record_reference('opportunity_source', 'hubspot', {'deal_id': 'deals'}) }},
        is_deleted,
        _loaded_at as loaded_at
    from engagements

)

select * from canonical
