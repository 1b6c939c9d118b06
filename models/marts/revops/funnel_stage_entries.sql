{#- When each person and each account entered each funnel stage, with the first sales touch at or after the
    MQL moment (for lead response time). People: lead, mql, sql, opportunity, customer from their lifecycle dates.
    Accounts: engaged (first touch), mql / sql (first of their people), opportunity (first opportunity created),
    customer (dim_accounts.customer_since_date), churned (dim_accounts.churned_date). is_date_only: the entry's
    source value is a date without a time (date columns; a timestamp at midnight UTC, macro timestamp_is_date_only).
    A view: fct_funnel is its only reader (and keeps its own rows), so a table here would be rewritten whole
    every build (2.1M rows at 100,000 accounts) to be read once. -#}
{{ config(materialized='view') }}

with people as (

    select * from {{ ref('dim_people') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

person_stages as (
    {%- for stage in ['lead', 'mql', 'sql', 'opportunity', 'customer'] %}

        select
            person_id,
            account_id,
            '{{ stage }}' as stage,
            became_{{ stage }}_at as entered_at,
            {{ timestamp_is_date_only('became_' ~ stage ~ '_at') }} as is_date_only
        from people
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

account_touch_starts as (

    select
        account_id,
        min(occurred_at) as first_touch_at
    from touchpoints
    where account_id is not null
    group by account_id

),

account_people_stages as (

    select
        account_id,
        min(became_mql_at) as became_mql_at,
        min(became_sql_at) as became_sql_at
    from people
    where account_id is not null
    group by account_id

),

account_opportunity_starts as (

    select
        account_id,
        min(created_at) as first_opportunity_at
    from opportunities
    where account_id is not null and not is_deleted
    group by account_id

),

{#- (stage, the CTE of the accounts' first times, its column) for the stages taken from a first time. -#}
{%- set first_time_stages = [
    ('engaged', 'account_touch_starts', 'first_touch_at'),
    ('mql', 'account_people_stages', 'became_mql_at'),
    ('sql', 'account_people_stages', 'became_sql_at'),
    ('opportunity', 'account_opportunity_starts', 'first_opportunity_at'),
] %}

account_stages as (
    {%- for stage, starts, column in first_time_stages %}

        select
            accounts.account_id,
            '{{ stage }}' as stage,
            {{ starts }}.{{ column }} as entered_at,
            {{ timestamp_is_date_only(starts ~ '.' ~ column) }} as is_date_only
        from accounts
        left join {{ starts }} on accounts.account_id = {{ starts }}.account_id

        union all
    {%- endfor %}

    select
        account_id,
        'customer' as stage,
        cast(customer_since_date as {{ dbt.type_timestamp() }}) as entered_at,
        true as is_date_only
    from accounts
    union all
    select
        account_id,
        'churned' as stage,
        cast(churned_date as {{ dbt.type_timestamp() }}) as entered_at,
        true as is_date_only
    from accounts

),

entries as (

    select
        'person' as entity_type,
        person_id as entity_id,
        account_id,
        person_id,
        stage,
        entered_at,
        is_date_only
    from person_stages
    where entered_at is not null
    union all
    select
        'account' as entity_type,
        account_id as entity_id,
        account_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        stage,
        entered_at,
        is_date_only
    from account_stages
    where entered_at is not null

),

sales_touches as (

    select
        person_id,
        account_id,
        occurred_at
    from touchpoints
    where channel = 'sales'

),

mql_entries as (

    select
        entity_type,
        entity_id,
        account_id,
        person_id,
        entered_at
    from entries
    where stage = 'mql'

),

-- Equi-joins on the person (person entries only) and on the account (every entry); an OR in one join
-- condition would compare every pair.
sales_touches_after_mql as (
    {%- for key in ['person_id', 'account_id'] %}

        select
            mql_entries.entity_type,
            mql_entries.entity_id,
            sales_touches.occurred_at
        from mql_entries
        inner join sales_touches
            on
                mql_entries.{{ key }} = sales_touches.{{ key }}
                and mql_entries.entered_at <= sales_touches.occurred_at
        {%- if key == 'person_id' %}
            where mql_entries.entity_type = 'person'

            union all
        {%- endif %}
    {%- endfor %}

),

sales_touch_after_mql as (

    select
        entity_type,
        entity_id,
        min(occurred_at) as first_sales_touch_at
    from sales_touches_after_mql
    group by entity_type, entity_id

),

final as (

    select
        entries.entity_type,
        entries.entity_id,
        entries.account_id,
        entries.person_id,
        entries.stage,
        entries.entered_at,
        entries.is_date_only,
        case when entries.stage = 'mql' then sales_touch_after_mql.first_sales_touch_at end as first_sales_touch_at
    from entries
    left join sales_touch_after_mql
        on
            entries.entity_type = sales_touch_after_mql.entity_type
            and entries.entity_id = sales_touch_after_mql.entity_id

)

select * from final
