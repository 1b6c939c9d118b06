{#- The one way an amount is converted to the reporting currency (var revops_reporting_currency). A model imports
    ref('int_reporting_currency') as `reporting_currency` (cross joined) and ref('int_fx_rates_unioned') as
    `fx_rates`, then:
        {{ fx_rate_join(amount_currency('records.currency_code'), 'records.close_date') }}
        ... {{ to_reporting_currency('records.amount') }} as amount_reporting,
            {{ is_fx_rate_missing('records.amount') }} as is_fx_rate_missing
    A missing rate (no row of int_fx_rates_unioned in force on the date) leaves the converted amount NULL. -#}

{#- The currency of an amount: the record's code, else (a system that exports none) the reporting currency. -#}
{% macro amount_currency(currency_column, reporting='reporting_currency') -%}
    coalesce({{ currency_column }}, {{ reporting }}.reporting_currency)
{%- endmacro %}

{#- Joins the rate of `currency` in force on `on_date` (valid_from inclusive, valid_to exclusive, null = open).
    int_fx_rates_unioned has at most one such row per currency and date. -#}
{% macro fx_rate_join(currency, on_date, rates='fx_rates', alias='fx_rate') -%}
    left join {{ rates }} as {{ alias }}
        on
            {{ currency }} = {{ alias }}.currency_code
            and ({{ alias }}.valid_from is null or {{ alias }}.valid_from <= {{ on_date }})
            and ({{ alias }}.valid_to is null or {{ on_date }} < {{ alias }}.valid_to)
{%- endmacro %}

{#- The amount in the reporting currency: amount / (units of its currency per one reporting unit); NULL without a
    rate. -#}
{% macro to_reporting_currency(amount, alias='fx_rate') -%}
    cast({{ amount }} / {{ alias }}.units_per_reporting_unit as {{ dbt.type_numeric() }})
{%- endmacro %}

{#- True when there is an amount but no rate to convert it. -#}
{% macro is_fx_rate_missing(amount, alias='fx_rate') -%}
    ({{ amount }} is not null and {{ alias }}.units_per_reporting_unit is null)
{%- endmacro %}

{#- The subscriptions with their MRR at the rate in force on the as-of date: every subscription column, then
    currency_code, mrr_reporting and is_fx_rate_missing. The model imports `subscriptions`, `as_of`
    (int_warehouse_as_of), `reporting_currency` and `fx_rates`; a `where` may follow. -#}
{% macro subscriptions_at_as_of_rate() -%}
    select
        subscriptions.*,
        {{ revops_warehouse.amount_currency('subscriptions.currency') }} as currency_code,
        {{ revops_warehouse.to_reporting_currency('subscriptions.mrr') }} as mrr_reporting,
        {{ revops_warehouse.is_fx_rate_missing('subscriptions.mrr') }} as is_fx_rate_missing
    from subscriptions
    cross join as_of
    cross join reporting_currency
    {{ revops_warehouse.fx_rate_join(revops_warehouse.amount_currency('subscriptions.currency'), 'as_of.as_of_date') }}
{%- endmacro %}
