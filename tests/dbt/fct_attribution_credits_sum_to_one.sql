{#- Every attributed opportunity's credits sum to 1 under each model (system events credited or not). Returns the
    opportunities whose sums are off. -#}
select
    opportunity_id,
    sum(first_touch_credit) as first_touch_sum,
    sum(last_touch_credit) as last_touch_sum,
    sum(linear_credit) as linear_sum,
    sum(w_shaped_credit) as w_shaped_sum
from {{ ref('fct_attribution') }}
group by opportunity_id
having
    abs(sum(first_touch_credit) - 1) > 1e-9
    or abs(sum(last_touch_credit) - 1) > 1e-9
    or abs(sum(linear_credit) - 1) > 1e-9
    or abs(sum(w_shaped_credit) - 1) > 1e-9
