{#- History helper (not 1:1): what each weekly full export said about each opportunity.
    The comparisons with the previous snapshot (previous_stage_name, has_stage_changed, …)
    are window work that belongs downstream, but they are columns of this staging table that consumers and
    tests read; moving them would change its public columns, so they stay here. -#}
{{ config(materialized='table') }}

with per_export_with_date_orders as (

    {{ reduce_snapshots_with_date_orders('salesforce', 'opportunity', key_columns=['id'], per_export_date=true) }}

),

renamed as (

    select
        {{ clean_salesforce_id('id') }} as opportunity_id,
        _export_date as snapshot_date,
        {{ clean_salesforce_id('account_id') }} as account_id,
        {{ clean_salesforce_id('owner_id') }} as owner_id,
        {{ null_if_blank('stage_name') }} as stage_name,
        {{ null_if_blank('forecast_category') }} as forecast_category,
        {{ parse_decimal('amount') }} as amount,
        {{ parse_decimal('probability', 5, 2) }} as probability,
        {{ parse_date('close_date', date_order='_close_date__date_order') }} as close_date,
        coalesce({{ parse_boolean('is_closed') }}, false) as is_closed,
        coalesce({{ parse_boolean('is_won') }}, false) as is_won,
        coalesce({{ parse_boolean('is_deleted') }}, false) as is_deleted_in_source,
        _batch_id,
        _loaded_at

    from per_export_with_date_orders

),

compared as (

    select
        {{ snapshot_id('opportunity_id', 'snapshot_date') }} as opportunity_snapshot_id,
        opportunity_id,
        snapshot_date,
        account_id,
        owner_id,
        stage_name,
        lag(stage_name) over (partition by opportunity_id order by snapshot_date) as previous_stage_name,
        forecast_category,
        amount,
        lag(amount) over (partition by opportunity_id order by snapshot_date) as previous_amount,
        probability,
        close_date,
        lag(close_date) over (partition by opportunity_id order by snapshot_date) as previous_close_date,
        is_closed,
        is_won,
        is_deleted_in_source,
        row_number() over (partition by opportunity_id order by snapshot_date) = 1 as is_first_snapshot,
        _batch_id,
        _loaded_at

    from renamed

),

final as (

    select
        opportunity_snapshot_id,
        opportunity_id,
        snapshot_date,
        account_id,
        owner_id,
        stage_name,
        previous_stage_name,
        forecast_category,
        amount,
        previous_amount,
        probability,
        close_date,
        previous_close_date,
        is_closed,
        is_won,
        is_deleted_in_source,
        is_first_snapshot,
        not is_first_snapshot and (stage_name is distinct from previous_stage_name) as has_stage_changed,
        not is_first_snapshot and (amount is distinct from previous_amount) as has_amount_changed,
        not is_first_snapshot and (close_date is distinct from previous_close_date) as has_close_date_changed,
        _batch_id,
        _loaded_at

    from compared

)

select * from final
