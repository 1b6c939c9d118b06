{#-
    union_canonical_with_opportunity(entity, id_column): union_canonical(entity) for an entity that records
    something about an opportunity (stage changes, close-date changes), each record first with its public id
    (canonical_record_id, named `id_column`), then the opportunity_id and account_id of the warehouse opportunity
    it references (opportunity_source_* → int_opportunities_unioned, by reference_joins), then its own columns.
    A record whose opportunity the warehouse does not have is dropped (inner join).
-#}

{% macro union_canonical_with_opportunity(entity, id_column) -%}
    select
        {{ revops_warehouse.canonical_record_id('canonical_records') }} as {{ id_column }},
        opportunities.opportunity_id,
        opportunities.account_id,
        canonical_records.*
    from (
        {{ revops_warehouse.union_canonical(entity) | indent(8) }}
    ) as canonical_records
    {{ revops_warehouse.reference_joins('canonical_records', ['opportunity'], 'inner') }}
{%- endmacro %}
