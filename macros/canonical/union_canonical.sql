{#-
    union_canonical(entity): the union of the vendor adapter models listed in
    var('revops_canonical_models')[entity], each cast to the entity's canonical contract below, in this column
    order. A vendor plugs in by adding an adapter that produces these columns and one entry in that var;
    nothing downstream changes. A missing column fails the build with the adapter's name in the error.
-#}

{% macro union_canonical(entity) -%}
    {%- set contract = revops_warehouse.canonical_contract(entity) -%}
    {%- set models = var('revops_canonical_models', {}) -%}
    {%- if models is not mapping or entity not in models -%}
        {{ exceptions.raise_compiler_error(
            "no canonical models for entity '" ~ entity ~ "' in var revops_canonical_models") }}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for model in models[entity] -%}
        {%- set casts = [] -%}
        {%- for name, type in contract -%}
            {%- do casts.append("cast(" ~ name ~ " as " ~ type ~ ") as " ~ name) -%}
        {%- endfor -%}
        {%- do selects.append("select\n    " ~ casts | join(",\n    ") ~ "\nfrom " ~ ref(model)) -%}
    {%- endfor -%}
    {{ selects | join("\nunion all\n") }}
{%- endmacro %}

{#- canonical_contract(entity): the entity's canonical columns, in order, as (name, type) pairs. -#}
{% macro canonical_contract(entity) -%}
    {%- set text = dbt.type_string() -%}
    {%- set stamp = dbt.type_timestamp() -%}
    {%- set flag = dbt.type_boolean() -%}
    {%- set contracts = {
        'account_records': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_name', text), ('website', text), ('corporate_number', text), ('industry', text),
            ('employee_count', dbt.type_bigint()), ('country', text), ('state_or_prefecture', text),
            ('owner_name', text), ('csm_name', text), ('lifecycle_stage', text),
            ('reference_system', text), ('reference_object', text), ('reference_record_id', text),
            ('is_deleted', flag), ('first_seen_date', 'date'), ('updated_at', stamp),
            ('declared_identifiers', text),
        ],
        'person_records': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('email', text), ('first_name', text), ('last_name', text), ('full_name', text),
            ('title', text), ('phone', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('reference_system', text), ('reference_object', text), ('reference_record_id', text),
            ('lifecycle_stage', text), ('became_lead_at', stamp), ('became_mql_at', stamp),
            ('became_sql_at', stamp), ('became_opportunity_at', stamp), ('became_customer_at', stamp),
            ('is_deleted', flag), ('first_seen_date', 'date'), ('created_at', stamp), ('updated_at', stamp),
        ],
        'subscriptions': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('product_name', text), ('mrr', dbt.type_numeric()), ('arr', dbt.type_numeric()), ('currency', text),
            ('start_date', 'date'), ('end_date', 'date'), ('subscription_status', text), ('payment_status', text),
            ('is_deleted', flag), ('updated_at', stamp),
        ],
        'opportunities': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('person_source_system', text), ('person_source_object', text), ('person_source_record_id', text),
            ('reference_system', text), ('reference_object', text), ('reference_record_id', text),
            ('opportunity_name', text), ('source_opportunity_type', text), ('opportunity_type', text),
            ('stage_name', text), ('stage_category', text), ('amount', dbt.type_numeric()),
            ('currency_code', text), ('created_at', stamp), ('close_date', 'date'), ('is_closed', flag), ('is_won', flag),
            ('owner_name', text), ('lead_source', text), ('is_deleted', flag), ('updated_at', stamp),
            ('loaded_at', stamp),
        ],
        'opportunity_stage_changes': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('opportunity_source_system', text), ('opportunity_source_object', text),
            ('opportunity_source_record_id', text),
            ('from_stage_name', text), ('stage_name', text), ('stage_category', text), ('amount', dbt.type_numeric()),
            ('close_date', 'date'), ('changed_at', stamp), ('change_evidence', text), ('loaded_at', stamp),
        ],
        'touchpoints': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('touchpoint_type', text), ('channel', text), ('occurred_at', stamp), ('campaign_name', text),
            ('email', text),
            ('person_source_system', text), ('person_source_object', text), ('person_source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('opportunity_source_system', text), ('opportunity_source_object', text),
            ('opportunity_source_record_id', text),
            ('loaded_at', stamp),
        ],
        'tickets': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('person_source_system', text), ('person_source_object', text), ('person_source_record_id', text),
            ('subject', text), ('ticket_status', text), ('priority', text), ('channel', text),
            ('satisfaction', text), ('first_reply_minutes', dbt.type_bigint()),
            ('full_resolution_minutes', dbt.type_bigint()), ('created_at', stamp), ('solved_at', stamp),
            ('is_open', flag), ('is_deleted', flag), ('updated_at', stamp), ('loaded_at', stamp),
        ],
        'account_health_snapshots': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('snapshot_date', 'date'), ('health_score', dbt.type_numeric()), ('arr', dbt.type_numeric()),
            ('mrr', dbt.type_numeric()), ('renewal_date', 'date'), ('customer_stage', text),
            ('customer_status', text), ('csm_name', text), ('loaded_at', stamp),
        ],
        'account_usage_snapshots': [
            ('source_system', text), ('source_object', text), ('source_record_id', text),
            ('account_source_system', text), ('account_source_object', text), ('account_source_record_id', text),
            ('snapshot_date', 'date'), ('licenses_purchased', dbt.type_bigint()),
            ('active_users', dbt.type_bigint()), ('logins_30d', dbt.type_bigint()), ('loaded_at', stamp),
        ],
    } -%}
    {%- if entity not in contracts -%}
        {{ exceptions.raise_compiler_error("no canonical contract for entity '" ~ entity ~ "'") }}
    {%- endif -%}
    {{ return(contracts[entity]) }}
{%- endmacro %}
