{#- Fields on which systems disagree for the same account or person. The warehouse's value (golden value, exact
    subscription ARR, derived lifecycle stage, resolved account) is side a; each differing source value is side b. -#}
{%- set cs_platform = var('revops_cs_platform') %}

with accounts as (

    select * from {{ ref('account_360') }}

),

account_records as (

    select * from {{ ref('int_account_records_unioned') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

golden_values as (

    select * from {{ ref('int_account_golden_values') }}

),

health_snapshots as (

    select * from {{ ref('fct_account_health_snapshots') }}

),

people as (

    select * from {{ ref('dim_people') }}

),

person_records as (

    select * from {{ ref('int_person_records_unioned') }}

),

person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

resolved_account_records as (

    select
        account_identities.account_id,
        account_identities.normalized_domain,
        account_records.*
    from account_records
    inner join account_identities
        on {{ source_record_key('account_records') }} = {{ source_record_key('account_identities') }}
    where account_identities.account_id is not null and not account_records.is_deleted

),

latest_cs_snapshots as (

    select
        health_snapshots.*,
        row_number() over (
            partition by health_snapshots.account_id order by health_snapshots.snapshot_date desc
        ) as snapshot_rank
    from health_snapshots

),

arr_conflicts as (

    select
        'account' as entity_type,
        accounts.account_id as entity_id,
        accounts.account_id,
        'arr' as field_name,
        '{{ cs_platform.subscriptions }}' as warehouse_system,
        cast(accounts.arr as {{ dbt.type_string() }}) as warehouse_value,
        '{{ cs_platform.companies }}' as other_system,
        cast(latest_cs_snapshots.cs_platform_arr as {{ dbt.type_string() }}) as other_value
    from accounts
    inner join latest_cs_snapshots
        on accounts.account_id = latest_cs_snapshots.account_id and latest_cs_snapshots.snapshot_rank = 1
    where latest_cs_snapshots.cs_platform_arr <> accounts.arr

),

attribute_values as (

    select distinct
        account_id,
        'owner_name' as field_name,
        source_system,
        owner_name as attribute_value
    from resolved_account_records
    where owner_name is not null
    union all
    select distinct
        account_id,
        'domain' as field_name,
        source_system,
        normalized_domain as attribute_value
    from resolved_account_records
    where normalized_domain is not null

),

attribute_conflicts as (

    select
        'account' as entity_type,
        attribute_values.account_id as entity_id,
        attribute_values.account_id,
        attribute_values.field_name,
        golden_values.source_system as warehouse_system,
        golden_values.attribute_value as warehouse_value,
        attribute_values.source_system as other_system,
        attribute_values.attribute_value as other_value
    from attribute_values
    inner join golden_values
        on
            attribute_values.account_id = golden_values.account_id
            and attribute_values.field_name = golden_values.attribute
    where attribute_values.attribute_value <> golden_values.attribute_value

),

lifecycle_values as (

    select distinct
        account_id,
        source_system,
        lifecycle_stage as source_value,
        case when lifecycle_stage in ('customer', 'evangelist') then 'customer' else 'not_customer' end
            as is_customer_value
    from resolved_account_records
    where lifecycle_stage is not null
    union all
    select distinct
        account_id,
        '{{ cs_platform.system }}' as source_system,
        customer_status as source_value,
        case when lower(customer_status) = 'active' then 'customer' else 'not_customer' end as is_customer_value
    from latest_cs_snapshots
    where snapshot_rank = 1 and customer_status is not null

),

lifecycle_conflicts as (

    select
        'account' as entity_type,
        accounts.account_id as entity_id,
        accounts.account_id,
        'lifecycle_stage' as field_name,
        'warehouse' as warehouse_system,
        accounts.lifecycle_stage as warehouse_value,
        lifecycle_values.source_system as other_system,
        lifecycle_values.source_value as other_value
    from accounts
    inner join lifecycle_values on accounts.account_id = lifecycle_values.account_id
    where
        case when accounts.lifecycle_stage = 'customer' then 'customer' else 'not_customer' end
        <> lifecycle_values.is_customer_value

),

person_accounts as (

    select distinct
        person_identities.person_id,
        person_records.source_system,
        person_records.account_id
    from person_records
    inner join person_identities
        on {{ source_record_key('person_records') }} = {{ source_record_key('person_identities') }}
    where person_identities.person_id is not null and person_records.account_id is not null

),

person_account_conflicts as (

    select
        'person' as entity_type,
        people.person_id as entity_id,
        people.account_id,
        'account_id' as field_name,
        'warehouse' as warehouse_system,
        people.account_id as warehouse_value,
        person_accounts.source_system as other_system,
        person_accounts.account_id as other_value
    from people
    inner join person_accounts on people.person_id = person_accounts.person_id
    where people.account_id is not null and person_accounts.account_id <> people.account_id

),

conflicts as (

    select * from arr_conflicts
    union all
    select * from attribute_conflicts
    union all
    select * from lifecycle_conflicts
    union all
    select * from person_account_conflicts

),

final as (

    select
        md5(
            conflicts.entity_type || '|' || conflicts.entity_id || '|' || conflicts.field_name || '|'
            || conflicts.other_system || '|' || coalesce(conflicts.other_value, '')
        ) as conflict_id,
        conflicts.entity_type,
        conflicts.entity_id,
        conflicts.account_id,
        conflicts.field_name,
        conflicts.warehouse_system,
        conflicts.warehouse_value,
        conflicts.other_system,
        conflicts.other_value,
        as_of.as_of_date as detected_on
    from conflicts
    cross join {{ ref('int_warehouse_as_of') }} as as_of

)

select * from final
