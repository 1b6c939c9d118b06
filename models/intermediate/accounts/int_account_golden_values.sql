{#- The golden value of each account attribute: the value from the system with the best priority in
    seed golden_source_priority, then the most recently updated record. -#}
with account_records as (

    select * from {{ ref('int_account_records_unioned') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

priorities as (

    select * from {{ ref('golden_source_priority') }}

),

records as (

    select
        account_identities.account_id,
        account_records.*,
        account_identities.normalized_domain,
        account_identities.corporate_number as valid_corporate_number
    from account_records
    inner join account_identities
        on
            account_records.source_system = account_identities.source_system
            and account_records.source_object = account_identities.source_object
            and account_records.source_record_id = account_identities.source_record_id
    where account_identities.account_id is not null

),

attribute_values as (

    select
        account_id,
        source_system,
        updated_at,
        'account_name' as attribute,
        cast(account_name as {{ dbt.type_string() }}) as attribute_value
    from records
    where account_name is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'domain' as attribute,
        cast(normalized_domain as {{ dbt.type_string() }}) as attribute_value
    from records
    where normalized_domain is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'corporate_number' as attribute,
        cast(valid_corporate_number as {{ dbt.type_string() }}) as attribute_value
    from records
    where valid_corporate_number is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'industry' as attribute,
        cast(industry as {{ dbt.type_string() }}) as attribute_value
    from records
    where industry is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'employee_count' as attribute,
        cast(employee_count as {{ dbt.type_string() }}) as attribute_value
    from records
    where employee_count is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'country' as attribute,
        cast(country as {{ dbt.type_string() }}) as attribute_value
    from records
    where country is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'state_or_prefecture' as attribute,
        cast(state_or_prefecture as {{ dbt.type_string() }}) as attribute_value
    from records
    where state_or_prefecture is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'owner_name' as attribute,
        cast(owner_name as {{ dbt.type_string() }}) as attribute_value
    from records
    where owner_name is not null

    union all

    select
        account_id,
        source_system,
        updated_at,
        'csm_name' as attribute,
        cast(csm_name as {{ dbt.type_string() }}) as attribute_value
    from records
    where csm_name is not null

),

ranked as (

    select
        attribute_values.*,
        row_number() over (
            partition by attribute_values.account_id, attribute_values.attribute
            order by
                coalesce(priorities.priority, 99) asc,
                attribute_values.updated_at desc nulls last,
                attribute_values.source_system asc,
                attribute_values.attribute_value asc
        ) as value_rank
    from attribute_values
    left join priorities
        on
            attribute_values.attribute = priorities.attribute
            and attribute_values.source_system = priorities.source_system

)

select
    account_id,
    attribute,
    attribute_value,
    source_system
from ranked
where value_rank = 1
