{#-
    union_canonical(entity): the union of the vendor adapter models listed in
    var('revops_canonical_models')[entity], each cast to the entity's canonical contract below, in this column
    order. A vendor plugs in by adding an adapter that produces these columns and one entry in that var;
    nothing downstream changes. A missing column fails the build with the adapter's name in the error.
-#}

{% macro union_canonical(entity) -%}
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
    } -%}
    {%- set models = var('revops_canonical_models', {}) -%}
    {%- if entity not in contracts or models is not mapping or entity not in models -%}
        {{ exceptions.raise_compiler_error("no canonical contract or models for entity '" ~ entity ~ "'") }}
    {%- endif -%}
    {%- set selects = [] -%}
    {%- for model in models[entity] -%}
        {%- set casts = [] -%}
        {%- for name, type in contracts[entity] -%}
            {%- do casts.append("cast(" ~ name ~ " as " ~ type ~ ") as " ~ name) -%}
        {%- endfor -%}
        {%- do selects.append("select\n    " ~ casts | join(",\n    ") ~ "\nfrom " ~ ref(model)) -%}
    {%- endfor -%}
    {{ selects | join("\nunion all\n") }}
{%- endmacro %}
