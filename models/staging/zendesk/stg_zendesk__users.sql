{{ config(unique_key='user_id') }}

with latest as (

    {{ reduce_snapshots(source('zendesk', 'users'), key_columns=['id'], updated_at='updated_at') }}

),

renamed as (

    select
        {{ null_if_blank('id') }} as user_id,
        {{ null_if_blank('organization_id') }} as organization_id,
        {{ null_if_blank('external_id') }} as external_id,
        {{ null_if_placeholder('name') }} as full_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_placeholder('phone') }} as phone,
        lower({{ null_if_blank('role') }}) as user_role,
        {{ null_if_blank('time_zone') }} as time_zone,
        {{ parse_boolean('is_active') }} as is_active,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        coalesce(not {{ parse_boolean('is_active') }}, false) as is_deleted_in_source,
        has_vanished,
        coalesce(not {{ parse_boolean('is_active') }}, false) or has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest

)

select * from renamed
