{#-
    The conventions every HubSpot staging model shares, written once.

    hubspot_timestamp(column, batch_date_order=true): a HubSpot date-time text column as a UTC timestamp.
    HubSpot writes date-times in the portal's time zone: set var revops_hubspot_timezone (e.g. Asia/Tokyo;
    default UTC). With batch_date_order (models built on reduce_snapshots_with_date_orders) the day/month
    order is the one decided for the column in its batch (_<column>__date_order); without it, the var
    revops_date_order_tie (see parse_timestamp).

    hubspot_system_columns(last_activity=false): the columns every HubSpot CRM object ends with, in this
    order: created_at (Create Date), with last_activity=true last_activity_at (Last Activity Date; contacts),
    last_modified_at (Last Modified Date), each a hubspot_timestamp; has_vanished (gone from a newer full
    export); is_deleted (= has_vanished: a HubSpot export has no recycle-bin flag).

    hubspot_company_associations(): the two company columns of a HubSpot record that can be associated with
    companies (contacts, deals). An export may carry the primary company (Associated Company ID, one id), all
    associated companies (Associated Company IDs, a list), or both:
        company_id               the primary company when the export has it, else the first of all associations;
        associated_company_ids   the list of all associations as exported, else the primary company.
-#}

{% macro hubspot_timestamp(column, batch_date_order=true) -%}
    {{ revops_warehouse.parse_timestamp(
        column,
        var('revops_hubspot_timezone', 'UTC'),
        date_order='_' ~ column ~ '__date_order' if batch_date_order else none
    ) }}
{%- endmacro %}

{% macro hubspot_system_columns(last_activity=false) -%}
    {%- set columns = [revops_warehouse.hubspot_timestamp('create_date') ~ ' as created_at'] -%}
    {%- if last_activity -%}
        {%- do columns.append(revops_warehouse.hubspot_timestamp('last_activity_date') ~ ' as last_activity_at') -%}
    {%- endif -%}
    {%- do columns.extend([
        revops_warehouse.hubspot_timestamp('last_modified_date') ~ ' as last_modified_at',
        'has_vanished',
        'has_vanished as is_deleted',
    ]) -%}
    {{ columns | join(',\n') }}
{%- endmacro %}

{% macro hubspot_company_associations() -%}
    coalesce(
        {{ revops_warehouse.list_first_item('associated_company_id') }},
        {{ revops_warehouse.list_first_item('associated_company_ids') }}
    ) as company_id,
    coalesce(
        {{ revops_warehouse.null_if_blank('associated_company_ids') }},
        {{ revops_warehouse.null_if_blank('associated_company_id') }}
    ) as associated_company_ids
{%- endmacro %}
