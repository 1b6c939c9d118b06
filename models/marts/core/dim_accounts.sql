with account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

golden_values as (

    select * from {{ ref('int_account_golden_values') }}

),

subscriptions as (

    select * from {{ ref('int_subscriptions_unioned') }}

),

crm_statuses as (

    select * from {{ ref('int_account_crm_statuses_derived') }}

),

as_of as (

    select * from {{ ref('int_warehouse_as_of') }}

),

sources as (

    select
        account_id,
        count(*) as source_record_count,
        count(distinct source_system) as source_system_count,
        {{ list_distinct('source_system') }} as source_systems
    from account_identities
    where account_id is not null
    group by account_id

),

golden as (

    select
        account_id,
        max(case when attribute = 'account_name' then attribute_value end) as account_name,
        max(case when attribute = 'domain' then attribute_value end) as domain,
        max(case when attribute = 'corporate_number' then attribute_value end) as corporate_number,
        max(case when attribute = 'industry' then attribute_value end) as industry,
        max(case when attribute = 'employee_count' then attribute_value end) as employee_count,
        max(case when attribute = 'country' then attribute_value end) as country,
        max(case when attribute = 'state_or_prefecture' then attribute_value end) as state_or_prefecture,
        max(case when attribute = 'owner_name' then attribute_value end) as owner_name,
        max(case when attribute = 'csm_name' then attribute_value end) as csm_name
    from golden_values
    group by account_id

),

subscription_status as (

    select
        subscriptions.account_id,
        min(subscriptions.start_date) as customer_since_date,
        max(
            case
                when
                    subscriptions.subscription_status = 'active'
                    and not subscriptions.is_deleted
                    and (subscriptions.end_date is null or subscriptions.end_date >= as_of.as_of_date)
                    then 1
                else 0
            end
        ) as has_active_subscription,
        max(case when subscriptions.subscription_status <> 'active' then subscriptions.end_date end)
            as last_subscription_end_date
    from subscriptions
    cross join as_of
    where subscriptions.account_id is not null
    group by subscriptions.account_id

),

final as (

    select
        sources.account_id,
        golden.account_name,
        golden.domain,
        golden.corporate_number,
        golden.industry,
        cast(golden.employee_count as {{ dbt.type_bigint() }}) as employee_count,
        golden.country,
        golden.state_or_prefecture,
        golden.owner_name,
        golden.csm_name,
        -- the CS platform's subscriptions decide when it holds any, else the CRM (var revops_customer_status)
        case
            when subscription_status.has_active_subscription = 1 then 'customer'
            when subscription_status.account_id is not null then 'churned'
            else coalesce(crm_statuses.crm_lifecycle_stage, 'prospect')
        end as lifecycle_stage,
        case
            when subscription_status.account_id is not null then subscription_status.customer_since_date
            else crm_statuses.crm_customer_since_date
        end as customer_since_date,
        case
            when subscription_status.has_active_subscription = 0
                then subscription_status.last_subscription_end_date
            when subscription_status.account_id is null then crm_statuses.crm_churned_date
        end as churned_date,
        sources.source_systems,
        sources.source_system_count,
        sources.source_record_count
    from sources
    left join golden on sources.account_id = golden.account_id
    left join subscription_status on sources.account_id = subscription_status.account_id
    left join crm_statuses on sources.account_id = crm_statuses.account_id

)

select * from final
