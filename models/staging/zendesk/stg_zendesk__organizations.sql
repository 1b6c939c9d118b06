{{ config(unique_key='organization_id') }}

with latest as (

    {{ reduce_snapshots(source('zendesk', 'organizations'), key_columns=['id'], updated_at='updated_at') }}

),

renamed as (

    select
        {{ null_if_blank('id') }} as organization_id,
        {{ null_if_blank('external_id') }} as external_id,
        {{ null_if_placeholder('name') }} as account_name,
        {{ null_if_blank('domain_names') }} as domain_names,
        {{ list_first_item('domain_names') }} as primary_domain_name,
        {{ null_if_placeholder('corporate_number') }} as corporate_number,
        {{ null_if_blank('details') }} as details,
        {{ null_if_blank('notes') }} as notes,
        {{ null_if_blank('tags') }} as tags,
        {{ parse_timestamp('created_at') }} as created_at,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ parse_timestamp('deleted_at') }} as deleted_at,
        {{ null_if_blank('deleted_at') }} is not null as is_deleted_in_source,
        has_vanished,
        {{ null_if_blank('deleted_at') }} is not null or has_vanished as is_deleted,
        {{ lineage_columns() | indent(8) }}

    from latest

)

select * from renamed
