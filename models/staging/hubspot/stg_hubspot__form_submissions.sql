{#- Incremental export: a re-sent submission keeps the newest copy. -#}
{{ config(unique_key='form_submission_id') }}

with latest as (

    {{ reduce_snapshots(
        source('hubspot', 'form_submissions'), key_columns=['submission_id'], updated_at='submitted_at'
    ) }}

),

renamed as (

    select
        {{ null_if_blank('submission_id') }} as form_submission_id,
        {{ null_if_blank('form_name') }} as form_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_placeholder('first_name') }} as first_name,
        {{ null_if_placeholder('last_name') }} as last_name,
        {{ person_full_name(null_if_placeholder('first_name'), null_if_placeholder('last_name')) }} as full_name,
        {{ null_if_placeholder('company_name') }} as company_name,
        {{ null_if_blank('page_url') }} as page_url,
        {{ null_if_blank('campaign') }} as campaign_name,
        {{ hubspot_timestamp('submitted_at', batch_date_order=false) }} as submitted_at,
        has_vanished,
        {{ lineage_columns() | indent(8) }}

    from latest

)

select * from renamed
