{#- Multi-touch attribution of won opportunities. A touch counts for an opportunity when it is on the same account
    and happened at or before the opportunity was created, within var('revops_attribution').lookback_days.
    W-shaped: the first touch, the lead-creation touch (first form submission) and the opportunity-creation touch
    (the last one) share w_shaped_key_share equally, the other touches share the rest; with no other touches the
    key touches share everything. Credits sum to 1 per opportunity and model. -#}
{%- set attribution = var('revops_attribution') %}

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
        touchpoints.touchpoint_id,
        touchpoints.account_id,
        touchpoints.person_id,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.campaign_name,
        touchpoints.occurred_at,
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

lead_creation_positions as (

    select
        opportunity_id,
        min(touch_position) as lead_creation_position
    from eligible_touches
    where touchpoint_type = 'form_submission'
    group by opportunity_id

),

positioned as (

    select
        eligible_touches.*,
        eligible_touches.touch_position = 1 as is_first_touch,
        eligible_touches.touch_position = eligible_touches.touch_count as is_opportunity_creation_touch,
        coalesce(eligible_touches.touch_position = lead_creation_positions.lead_creation_position, false)
            as is_lead_creation_touch,
        -- distinct key touches: first and last (one when a single touch), plus a lead-creation touch between
        case when eligible_touches.touch_count = 1 then 1 else 2 end
        + case
            when
                lead_creation_positions.lead_creation_position > 1
                and lead_creation_positions.lead_creation_position < eligible_touches.touch_count
                then 1
            else 0
        end as key_touch_count
    from eligible_touches
    left join lead_creation_positions on eligible_touches.opportunity_id = lead_creation_positions.opportunity_id

),

credited as (

    select
        positioned.*,
        case when positioned.is_first_touch then 1.0 else 0.0 end as first_touch_credit,
        case when positioned.is_opportunity_creation_touch then 1.0 else 0.0 end as last_touch_credit,
        1.0 / positioned.touch_count as linear_credit,
        case
            when positioned.touch_count = positioned.key_touch_count
                then 1.0 / positioned.key_touch_count
            when positioned.is_first_touch
                or positioned.is_lead_creation_touch
                or positioned.is_opportunity_creation_touch
                then {{ attribution.w_shaped_key_share }} / positioned.key_touch_count
            else (1.0 - {{ attribution.w_shaped_key_share }}) / (positioned.touch_count - positioned.key_touch_count)
        end as w_shaped_credit
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
        campaign_name,
        occurred_at,
        touch_position,
        touch_count,
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
        w_shaped_credit * opportunity_amount as w_shaped_amount
    from credited

)

select * from final
