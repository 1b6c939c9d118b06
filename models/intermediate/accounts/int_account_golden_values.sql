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

    {%- set attributes = {
        'account_name': 'account_name',
        'domain': 'normalized_domain',
        'corporate_number': 'valid_corporate_number',
        'industry': 'industry',
        'employee_count': 'employee_count',
        'country': 'country',
        'state_or_prefecture': 'state_or_prefecture',
        'owner_name': 'owner_name',
        'csm_name': 'csm_name',
    } %}
    {%- for attribute, column in attributes.items() %}
    select
        account_id,
        source_system,
        updated_at,
        '{{ attribute }}' as attribute,
        cast({{ column }} as {{ dbt.type_string() }}) as attribute_value
    from records
    where {{ column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

ranked as (

    select
        attribute_values.*,
        row_number() over (
            partition by attribute_values.account_id, attribute_values.attribute
            order by
                coalesce(priorities.priority, 99),
                attribute_values.updated_at desc nulls last,
                attribute_values.source_system,
                attribute_values.attribute_value
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
