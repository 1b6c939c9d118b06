{#-
    union_canonical(entity): the union of the vendor adapter models listed in
    var('revops_canonical_models')[entity], each cast to the entity's canonical contract (var
    revops_canonical_contracts, read by canonical_contract below), in its column order. A vendor plugs in by
    adding an adapter that produces these columns and one entry in var revops_canonical_models; nothing
    downstream changes. A missing column fails the build with the adapter's name in the error.
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

{#- canonical_contract(entity): the entity's canonical columns, in order, as (name, type) pairs, from the one
    declaration: var('revops_canonical_contracts')[entity] (column → text | bigint | numeric | boolean | date |
    timestamp), each type written by dbt's type macro for the adapter. -#}
{% macro canonical_contract(entity) -%}
    {%- set contracts = var('revops_canonical_contracts', {}) -%}
    {%- if contracts is not mapping or entity not in contracts -%}
        {{ exceptions.raise_compiler_error(
            "no canonical contract for entity '" ~ entity ~ "' in var revops_canonical_contracts") }}
    {%- endif -%}
    {%- set types = {
        'text': dbt.type_string(), 'bigint': dbt.type_bigint(), 'numeric': dbt.type_numeric(),
        'boolean': dbt.type_boolean(), 'date': 'date', 'timestamp': dbt.type_timestamp(),
    } -%}
    {%- set columns = [] -%}
    {%- for name, type in contracts[entity].items() -%}
        {%- if type not in types -%}
            {{ exceptions.raise_compiler_error(
                "var revops_canonical_contracts." ~ entity ~ "." ~ name ~ ": unknown type '" ~ type ~ "'") }}
        {%- endif -%}
        {%- do columns.append((name, types[type])) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- union_canonical_with_account_id(entity): union_canonical(entity), each record with the account_id that
    identity resolution gave the account it references (account_source_system, account_source_object,
    account_source_record_id → int_account_identities_resolved, by reference_joins); null when that account
    is unknown. The one place the entities that reference an account (subscriptions, snapshots, person records)
    attach it. -#}
{% macro union_canonical_with_account_id(entity) -%}
    select
        canonical_records.*,
        account_identities.account_id
    from (
        {{ revops_warehouse.union_canonical(entity) | indent(8) }}
    ) as canonical_records
    {{ revops_warehouse.reference_joins('canonical_records', ['account']) }}
{%- endmacro %}
