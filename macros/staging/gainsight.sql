{#-
    The Gainsight company and subscription columns more than one staging model reads, written once.

    gainsight_company_health_columns(): what a Gainsight company record says about its customer, read the same
    way by stg_gainsight__companies (the current state) and stg_gainsight__company_snapshots (each weekly
    export): owner_name (CSM), arr, mrr, health_score (Current Score), previous_health_score (Previous Score,
    as Gainsight keeps it), company_stage, company_status.

    gainsight_system_columns(): the columns every Gainsight object ends with, in this order: last_modified_at
    (Modified Date, read in its batch's date order); has_vanished (gone from a newer full export); is_deleted
    (= has_vanished: a Gainsight export has no deletion flag).
-#}

{% macro gainsight_company_health_columns() -%}
    {{ revops_warehouse.null_if_blank('csm') }} as owner_name,
    {{ revops_warehouse.parse_decimal('arr') }} as arr,
    {{ revops_warehouse.parse_decimal('mrr') }} as mrr,
    {{ revops_warehouse.parse_decimal('current_score') }} as health_score,
    {{ revops_warehouse.parse_decimal('previous_score') }} as previous_health_score,
    {{ revops_warehouse.null_if_blank('stage') }} as company_stage,
    {{ revops_warehouse.null_if_blank('status') }} as company_status
{%- endmacro %}

{% macro gainsight_system_columns() -%}
    {{ revops_warehouse.parse_timestamp('modified_date', date_order='_modified_date__date_order') }}
        as last_modified_at,
    has_vanished,
    has_vanished as is_deleted
{%- endmacro %}
