with opportunity_records as (

    select * from {{ ref('int_opportunities_unioned') }}

),

stage_changes as (

    select * from {{ ref('int_opportunity_stage_changes') }}

),

reporting_currency as (

    select * from {{ ref('int_reporting_currency') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_unioned') }}

),

record_counts as (

    select
        opportunity_id,
        count(*) as source_record_count,
        {{ list_distinct('source_system') }} as source_systems
    from opportunity_records
    group by opportunity_id

),

closings as (

    select
        opportunity_id,
        min(changed_at) as closed_at,
        count(*) as stage_change_count
    from stage_changes
    where stage_category in ('won', 'lost')
    group by opportunity_id

),

stage_change_counts as (

    select
        opportunity_id,
        count(*) as stage_change_count
    from stage_changes
    group by opportunity_id

),

final as (

    select
        opportunity_records.opportunity_id,
        opportunity_records.account_id,
        opportunity_records.person_id,
        opportunity_records.source_system,
        opportunity_records.source_record_id,
        opportunity_records.opportunity_name,
        opportunity_records.opportunity_type,
        opportunity_records.source_opportunity_type,
        opportunity_records.stage_name,
        opportunity_records.stage_category,
        opportunity_records.amount,
        {{ amount_currency('opportunity_records.currency_code') }} as currency_code,
        {{ to_reporting_currency('opportunity_records.amount') }} as amount_reporting,
        {{ is_fx_rate_missing('opportunity_records.amount') }} as is_fx_rate_missing,
        opportunity_records.created_at,
        opportunity_records.close_date,
        case
            when opportunity_records.is_closed
                then coalesce(closings.closed_at, cast(opportunity_records.close_date as {{ dbt.type_timestamp() }}))
        end as closed_at,
        opportunity_records.is_closed,
        opportunity_records.is_won,
        opportunity_records.owner_name,
        opportunity_records.lead_source,
        coalesce(stage_change_counts.stage_change_count, 0) as stage_change_count,
        record_counts.source_record_count,
        record_counts.source_systems,
        opportunity_records.is_deleted
    from opportunity_records
    inner join record_counts on opportunity_records.opportunity_id = record_counts.opportunity_id
    left join closings on opportunity_records.opportunity_id = closings.opportunity_id
    left join stage_change_counts on opportunity_records.opportunity_id = stage_change_counts.opportunity_id
    cross join reporting_currency
    {{ fx_rate_join(amount_currency('opportunity_records.currency_code'), 'opportunity_records.close_date') }}
    where opportunity_records.is_surviving_record

)

select * from final
