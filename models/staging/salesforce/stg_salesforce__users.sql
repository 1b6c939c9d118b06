{{ config(unique_key='user_id') }}

with latest_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'user', key_columns=['id']) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as user_id,
        {{ clean_salesforce_id('user_role_id') }} as user_role_id,
        {{ null_if_blank('username') }} as username,
        {{ null_if_blank('first_name') }} as first_name,
        {{ null_if_blank('last_name') }} as last_name,
        coalesce(
            {{ null_if_blank('name') }},
            {{ person_full_name('first_name', 'last_name') }}
        ) as full_name,
        lower({{ null_if_placeholder('email') }}) as email,
        {{ null_if_blank('title') }} as title,
        {{ null_if_blank('department') }} as department,
        coalesce({{ parse_boolean('is_active') }}, false) as is_active,
        {{ salesforce_system_columns(last_modified=false, recycle_bin=false) | indent(8) }},
        {{ lineage_columns() | indent(8) }}

    from latest_with_date_orders

)

select * from renamed
