{#-
    reference_joins(records, references, join_type='left'): the joins that resolve what the canonical records
    `records` reference, one join per name in `references`, each under a fixed alias the model then selects from:

      'person'      → int_person_identities_resolved  as person_identities  (person_id, account_id)
      'account'     → int_account_identities_resolved as account_identities (account_id)
      'opportunity' → int_opportunities_unioned       as opportunities      (opportunity_id, account_id)

    Each joins on the reference's key (`<name>_source_system`, `_source_object`, `_source_record_id` of
    `records`) = the resolved record's own key (source_record_key). `join_type` is 'left' (a record whose
    reference resolves to nothing keeps null ids) or 'inner' (such a record is dropped).
-#}

{% macro reference_joins(records, references, join_type='left') -%}
    {%- set resolvers = {
        'person': ('int_person_identities_resolved', 'person_identities'),
        'account': ('int_account_identities_resolved', 'account_identities'),
        'opportunity': ('int_opportunities_unioned', 'opportunities'),
    } -%}
    {%- if join_type not in ('left', 'inner') -%}
        {{ exceptions.raise_compiler_error(
            "reference_joins: join_type must be left or inner, not '" ~ join_type ~ "'") }}
    {%- endif -%}
    {%- set joins = [] -%}
    {%- for reference in references -%}
        {%- if reference not in resolvers -%}
            {{ exceptions.raise_compiler_error(
                "reference_joins: unknown reference '" ~ reference ~ "' (person, account or opportunity)") }}
        {%- endif -%}
        {%- set model, alias = resolvers[reference] -%}
        {%- do joins.append(
            join_type ~ " join " ~ ref(model) ~ " as " ~ alias ~ "\n    on "
            ~ revops_warehouse.source_record_key(records, reference ~ '_')
            ~ " = " ~ revops_warehouse.source_record_key(alias)
        ) -%}
    {%- endfor -%}
    {{ joins | join("\n") }}
{%- endmacro %}
