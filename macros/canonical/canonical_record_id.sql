{#-
    canonical_record_id(relation): the public id of a canonical record (activity_id, ticket_id, stage_change_id,
    close_date_change_id, the start of touchpoint_id): source_system:source_object:source_record_id of
    `relation`, joined by ':'. The one place that format is written; the fct_ marts publish it, so it stays as
    it is (source_record_key is the join key, joined by '|').
-#}

{% macro canonical_record_id(relation) -%}
    {{ relation }}.source_system || ':' || {{ relation }}.source_object || ':' || {{ relation }}.source_record_id
{%- endmacro %}
