{#- The golden value of each account attribute, by the declared survivorship of seed golden_survivorship:
    live records first (not deleted, not merged away into a Salesforce MasterRecordId), then for names the
    best-written value, then seed golden_source_priority, then the most recently updated record. Each row
    keeps the winning record and why it won (revops explain account shows them).
    Best-written name: the lowest name_display_rank of identity resolution (revops/identity/normalize.py
    name_display_rank: points for a half-width or bank-style kana reading, no legal form, ALL CAPS or all lower
    case, full-width letters, an honorific typed after the name). -#}
with account_records as (

    select * from {{ ref('int_account_records_unioned') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

priorities as (

    select * from {{ ref('golden_source_priority') }}

),

survivorship as (

    select * from {{ ref('golden_survivorship') }}

),

records as (

    select
        account_identities.account_id,
        account_records.*,
        account_identities.normalized_domain,
        account_identities.corporate_number as valid_corporate_number,
        not coalesce(account_records.is_deleted, false)
        and not coalesce(
            account_records.reference_system = account_records.source_system
            and account_records.reference_object = account_records.source_object
            and account_records.reference_record_id is not null,
            false
        ) as is_live,
        coalesce(account_identities.name_display_rank, 9) as name_display_rank
    from account_records
    inner join account_identities
        on {{ source_record_key('account_records') }} = {{ source_record_key('account_identities') }}
    where account_identities.account_id is not null

),

attribute_values as (
    {#- one row per record and attribute with a value: (attribute, the records column holding it, its display
        rank: the best-written rank for names, 0 elsewhere). The attributes are those of seed
        golden_survivorship. #}
    {%- set attributes = [
        ('account_name', 'account_name', 'name_display_rank'),
        ('domain', 'normalized_domain', '0'),
        ('corporate_number', 'valid_corporate_number', '0'),
        ('industry', 'industry', '0'),
        ('employee_count', 'employee_count', '0'),
        ('country', 'country', '0'),
        ('state_or_prefecture', 'state_or_prefecture', '0'),
        ('owner_name', 'owner_name', '0'),
        ('csm_name', 'csm_name', '0'),
    ] %}
    {%- for attribute, column, display_rank in attributes %}

        select
            account_id,
            source_system,
            source_object,
            source_record_id,
            updated_at,
            is_live,
            {{ display_rank }} as display_rank,
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
        coalesce(priorities.priority, 99) as source_priority,
        survivorship.rule as survivorship_rule,
        row_number() over (
            partition by attribute_values.account_id, attribute_values.attribute
            order by
                case
                    when coalesce(survivorship.live_records_first, true) and not attribute_values.is_live then 1
                    else 0
                end,
                case
                    when coalesce(survivorship.best_written_first, false) then attribute_values.display_rank
                    else 0
                end,
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
    left join survivorship
        on attribute_values.attribute = survivorship.attribute

),

final as (

    select
        account_id,
        attribute,
        attribute_value,
        source_system,
        source_object,
        source_record_id,
        is_live as is_live_record,
        display_rank,
        source_priority,
        survivorship_rule
    from ranked
    where value_rank = 1

)

select * from final
