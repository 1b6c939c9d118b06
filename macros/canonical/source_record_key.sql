{#-
    source_record_key(relation=none, prefix=''): the one key of a source record, as text:
    source_system | source_object | source_record_id, joined by '|'.

    Join records on it, or select it `as source_record_key` where records are keyed. `relation` qualifies the
    columns (`person_records` gives person_records.source_system ...); `prefix` names a reference to a record
    (`account_` gives account_source_system, account_source_object, account_source_record_id).

    One separator, '|': systems and objects are names the adapters write and never hold it, so two keys are
    equal exactly when the three columns are; a null column gives a null key, which equals nothing, as in a
    column-by-column join. `||` is standard SQL (DuckDB, PostgreSQL, Spark), so no dispatch is needed.
-#}

{% macro source_record_key(relation=none, prefix='') -%}
    {%- set qualifier = relation ~ '.' if relation else '' -%}
    {%- set columns = [] -%}
    {%- for part in ('source_system', 'source_object', 'source_record_id') -%}
        {%- do columns.append(qualifier ~ prefix ~ part) -%}
    {%- endfor -%}
    {{ columns | join(" || '|' || ") }}
{%- endmacro %}
