{#-
    How a vendor adapter (models/intermediate/vendors) points at another source record: three columns
    <prefix>_system, <prefix>_object, <prefix>_record_id, e.g. prefix 'account_source' gives
    account_source_system, account_source_object, account_source_record_id, and prefix 'reference' gives
    reference_system, reference_object, reference_record_id.

    record_reference(prefix, source_system, record_ids): `record_ids` maps each candidate id column to the
    object it is an id of, in priority order; the first id that is not null is the reference. System and
    object are null when every id is null, so a missing reference is null in all three columns:
        record_reference('account_source', 'hubspot', {'company_id': 'companies'})
        record_reference('reference', 'salesforce', {'salesforce_contact_id': 'Contact', 'salesforce_lead_id': 'Lead'})

    no_record_reference(prefix): the same three columns, null, for an adapter whose source has no such reference.
-#}

{% macro record_reference(prefix, source_system, record_ids) -%}
    {%- set ids = record_ids.keys() | list -%}
    {%- set record_id = ids[0] if ids | length == 1 else 'coalesce(' ~ ids | join(', ') ~ ')' -%}
    {%- set objects = [] -%}
    {%- for id in ids -%}
        {%- do objects.append('when ' ~ id ~ " is not null then '" ~ record_ids[id] ~ "'") -%}
    {%- endfor -%}
    case when {{ record_id }} is not null then '{{ source_system }}' end as {{ prefix }}_system,
    case {{ objects | join(' ') }} end as {{ prefix }}_object,
    {{ record_id }} as {{ prefix }}_record_id
{%- endmacro %}

{% macro no_record_reference(prefix) -%}
    cast(null as {{ dbt.type_string() }}) as {{ prefix }}_system,
    cast(null as {{ dbt.type_string() }}) as {{ prefix }}_object,
    cast(null as {{ dbt.type_string() }}) as {{ prefix }}_record_id
{%- endmacro %}
