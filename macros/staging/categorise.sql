{#-
    Light categorisation of vendor enumerations whose export shows the UI label (English or Japanese)
    instead of the API value. Unknown labels pass through lower-cased so nothing is lost; the models'
    accepted_values tests warn about them.

    hubspot_lifecycle_stage(column)   → the stage of the label in var revops_lifecycle_stages (subscriber |
                                        lead | marketingqualifiedlead | … | evangelist | other)
    zendesk_ticket_status(column)     → new | open | pending | hold | solved | closed | deleted
    list_first_item(column)           → the first element of a JSON array text ("[\"a\",\"b\"]") or of a
                                        comma / semicolon / space separated list ("a; b"), trimmed
-#}

{#- The stages and their labels are the var revops_lifecycle_stages (one owner, shared with the landing gate). -#}
{% macro hubspot_lifecycle_stage(column) -%}
    {%- set label = "lower(" ~ revops_warehouse.null_if_blank(column) ~ ")" -%}
    case
    {%- for stage, labels in var('revops_lifecycle_stages').items() %}
        when {{ revops_warehouse.is_one_of(label, [stage] + labels) }} then '{{ stage }}'
    {%- endfor %}
        else {{ label }}
    end
{%- endmacro %}

{% macro zendesk_ticket_status(column) -%}
    {%- set label = "lower(" ~ revops_warehouse.null_if_blank(column) ~ ")" -%}
    case
        when {{ label }} in ('new', '新規') then 'new'
        when {{ label }} in ('open', 'オープン') then 'open'
        when {{ label }} in ('pending', '保留中') then 'pending'
        when {{ label }} in ('hold', 'on-hold', 'on hold', '待機中') then 'hold'
        when {{ label }} in ('solved', '解決済み') then 'solved'
        when {{ label }} in ('closed', '終了') then 'closed'
        when {{ label }} in ('deleted', '削除済み') then 'deleted'
        else {{ label }}
    end
{%- endmacro %}

{% macro list_first_item(column) -%}
    {{ return(adapter.dispatch('list_first_item', 'revops_warehouse')(column)) }}
{%- endmacro %}

{#- Spark: translate drops the brackets and quotes; regexp_replace replaces every match; no backslash in a literal
    (Spark reads it as an escape), so the blanks are listed as characters. -#}
{% macro spark__list_first_item(column) -%}
    {{ revops_warehouse.null_if_blank(
        "split_part(regexp_replace(trim(translate(" ~ column ~ ", '[]\"', '')), "
        ~ "'[,; ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || ']+', ','), ',', 1)"
    ) }}
{%- endmacro %}

{% macro default__list_first_item(column) -%}
    {{ revops_warehouse.null_if_blank(
        "split_part(regexp_replace(trim(regexp_replace(" ~ column ~ ", '[\\[\\]\"]', '', 'g')), "
        ~ "'[,;\\s]+', ',', 'g'), ',', 1)"
    ) }}
{%- endmacro %}
