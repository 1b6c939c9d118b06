{#- Multi-touch attribution of won opportunities. A touch counts for an opportunity when it is on the same account
    and happened at or before the opportunity was created, within var('revops_attribution').lookback_days.
    System events (touch types in revops_attribution.system_touchpoint_types: an opportunity created, a lead
    converted) mark the W-shaped positions but hold no credit unless var revops_attribution_credit_system_events:
    the credited touches are then the marketing touches, and each position goes to the nearest credited touch at or
    before it (in touch order: time, then touchpoint_id):
    - first touch: the first credited touch;
    - lead creation: the latest credited touch at or before the earliest touch of a lead_creation_touchpoint_types
      type (a form submission is its own lead-creation touch; a lead converted hands it to the marketing touch
      before it); none at or before it: no lead-creation touch, its share goes to the other key touches;
    - opportunity creation: the last credited touch (all counted touches are at or before the creation).
    An opportunity with no marketing touch credits its system events (is_system_credit): credits sum to 1 per
    opportunity and model, and sales-sourced deals show as such. W-shaped: the distinct key touches share
    w_shaped_key_share equally, the other credited touches share the rest; with only key touches, equal shares. -#}
{%- set attribution = var('revops_attribution') %}
{%- set system_types = "'" ~ (attribution.system_touchpoint_types | join("', '")) ~ "'" %}
{%- set lead_creation_types = "'" ~ (attribution.lead_creation_touchpoint_types | join("', '")) ~ "'" %}

with opportunities as (

    select * from {{ ref('fct_opportunities') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

won_opportunities as (

    select *
    from opportunities
    where is_won and not is_deleted and account_id is not null

),

eligible_touches as (

    select
        won_opportunities.opportunity_id,
        won_opportunities.amount as opportunity_amount,
        won_opportunities.currency_code,
        won_opportunities.amount_reporting as opportunity_amount_reporting,
        won_opportunities.is_fx_rate_missing,
        touchpoints.touchpoint_id,
        touchpoints.account_id,
        touchpoints.person_id,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.is_channel_group_mapped,
        touchpoints.campaign_name,
        touchpoints.occurred_at,
        touchpoints.touchpoint_type in ({{ system_types }}) as is_system_event,
        touchpoints.touchpoint_type in ({{ lead_creation_types }}) as is_lead_creation_type,
        row_number() over (
            partition by won_opportunities.opportunity_id
            order by touchpoints.occurred_at asc, touchpoints.touchpoint_id asc
        ) as touch_position,
        count(*) over (partition by won_opportunities.opportunity_id) as touch_count
    from won_opportunities
    inner join touchpoints
        on
            won_opportunities.account_id = touchpoints.account_id
            and won_opportunities.created_at >= touchpoints.occurred_at
            and touchpoints.occurred_at
            >= {{ dbt.dateadd('day', -attribution.lookback_days, 'won_opportunities.created_at') }}

),

creditable as (

    select
        *,
        -- a system event is credited with var revops_attribution_credit_system_events, or when its opportunity has
        -- no marketing touch at all
        {{ 'true' if var('revops_attribution_credit_system_events') else 'false' }}
        or not is_system_event
        or max(case when is_system_event then 0 else 1 end) over (partition by opportunity_id) = 0 as is_credited
    from eligible_touches

),

credit_ordered as (

    select
        *,
        case
            when is_credited
                then row_number() over (partition by opportunity_id, is_credited order by touch_position asc)
        end as credit_position,
        sum(case when is_credited then 1 else 0 end) over (partition by opportunity_id) as credited_touch_count
    from creditable

),

lead_creation_events as (

    select
        opportunity_id,
        min(touch_position) as touch_position
    from credit_ordered
    where is_lead_creation_type
    group by opportunity_id

),

lead_creation_positions as (  -- the nearest credited touch at or before the lead-creation event

    select
        lead_creation_events.opportunity_id,
        max(credit_ordered.credit_position) as lead_creation_position
    from lead_creation_events
    inner join credit_ordered
        on
            lead_creation_events.opportunity_id = credit_ordered.opportunity_id
            and lead_creation_events.touch_position >= credit_ordered.touch_position
            and credit_ordered.is_credited
    group by lead_creation_events.opportunity_id

),

positioned as (

    select
        credit_ordered.*,
        coalesce(credit_ordered.credit_position = 1, false) as is_first_touch,
        coalesce(credit_ordered.credit_position = credit_ordered.credited_touch_count, false)
            as is_opportunity_creation_touch,
        coalesce(credit_ordered.credit_position = lead_creation_positions.lead_creation_position, false)
            as is_lead_creation_touch,
        -- distinct key touches: first and last (one when a single touch), plus a lead-creation touch between
        case when credit_ordered.credited_touch_count = 1 then 1 else 2 end
        + case
            when
                lead_creation_positions.lead_creation_position > 1
                and lead_creation_positions.lead_creation_position < credit_ordered.credited_touch_count
                then 1
            else 0
        end as key_touch_count
    from credit_ordered
    left join lead_creation_positions on credit_ordered.opportunity_id = lead_creation_positions.opportunity_id

),

credited as (

    select
        positioned.*,
        case when positioned.is_first_touch then 1.0 else 0.0 end as first_touch_credit,
        case when positioned.is_opportunity_creation_touch then 1.0 else 0.0 end as last_touch_credit,
        cast(
            case when positioned.is_credited then 1.0 / positioned.credited_touch_count else 0.0 end
            as {{ bi_float_type() }}
        ) as linear_credit,
        cast(case
            when not positioned.is_credited
                then 0.0
            when positioned.credited_touch_count = positioned.key_touch_count
                then 1.0 / positioned.key_touch_count
            when positioned.is_first_touch
                or positioned.is_lead_creation_touch
                or positioned.is_opportunity_creation_touch
                then {{ attribution.w_shaped_key_share }} / positioned.key_touch_count
            else (1.0 - {{ attribution.w_shaped_key_share }})
                / (positioned.credited_touch_count - positioned.key_touch_count)
        end as {{ bi_float_type() }}) as w_shaped_credit
    from positioned

),

final as (

    select
        opportunity_id || '|' || touchpoint_id as attribution_id,
        opportunity_id,
        touchpoint_id,
        account_id,
        person_id,
        touchpoint_type,
        channel,
        channel_group,
        is_channel_group_mapped,
        campaign_name,
        coalesce(campaign_name, '{{ attribution.no_campaign_label }}') as campaign_label,
        occurred_at,
        touch_position,
        touch_count,
        cast(credited_touch_count as {{ bi_count_type() }}) as credited_touch_count,
        is_system_event,
        is_credited,
        is_system_event and is_credited as is_system_credit,
        is_first_touch,
        is_lead_creation_touch,
        is_opportunity_creation_touch,
        first_touch_credit,
        last_touch_credit,
        linear_credit,
        w_shaped_credit,
        opportunity_amount,
        first_touch_credit * opportunity_amount as first_touch_amount,
        last_touch_credit * opportunity_amount as last_touch_amount,
        linear_credit * opportunity_amount as linear_amount,
        w_shaped_credit * opportunity_amount as w_shaped_amount,
        -- add up credited amounts across opportunities in the reporting currency only
        currency_code,
        opportunity_amount_reporting,
        first_touch_credit * opportunity_amount_reporting as first_touch_amount_reporting,
        last_touch_credit * opportunity_amount_reporting as last_touch_amount_reporting,
        linear_credit * opportunity_amount_reporting as linear_amount_reporting,
        w_shaped_credit * opportunity_amount_reporting as w_shaped_amount_reporting,
        is_fx_rate_missing
    from credited

)

select * from final
