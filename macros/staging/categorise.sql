{#-
    Light categorisation of vendor enumerations whose export shows the UI label (English or Japanese)
    instead of the API value. Unknown labels pass through lower-cased so nothing is lost; the models'
    accepted_values tests warn about them.

    hubspot_lifecycle_stage(column)   → subscriber | lead | marketingqualifiedlead | salesqualifiedlead |
                                        opportunity | customer | evangelist | other
    zendesk_ticket_status(column)     → new | open | pending | hold | solved | closed | deleted
    list_first_item(column)           → the first element of a JSON array text ("[\"a\",\"b\"]") or of a
                                        comma / semicolon / space separated list ("a; b"), trimmed
-#}

{% macro hubspot_lifecycle_stage(column) -%}
    {%- set label = "lower(" ~ revops_warehouse.null_if_blank(column) ~ ")" -%}
    case
        when {{ label }} in ('subscriber', 'サブスクライバー', '購読者') then 'subscriber'
        when {{ label }} in ('lead', 'リード') then 'lead'
        when {{ label }} in (
            'marketingqualifiedlead', 'marketing qualified lead', 'mql',
            'マーケティングクオリファイドリード', 'マーケティング・クオリファイド・リード'
        ) then 'marketingqualifiedlead'
        when {{ label }} in (
            'salesqualifiedlead', 'sales qualified lead', 'sql',
            'セールスクオリファイドリード', 'セールス・クオリファイド・リード'
        ) then 'salesqualifiedlead'
        when {{ label }} in ('opportunity', '商談') then 'opportunity'
        when {{ label }} in ('customer', '顧客') then 'customer'
        when {{ label }} in ('evangelist', 'エバンジェリスト') then 'evangelist'
        when {{ label }} in ('other', 'その他') then 'other'
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
    {{ revops_warehouse.null_if_blank(
        "split_part(regexp_replace(trim(regexp_replace(" ~ column ~ ", '[\\[\\]\"]', '', 'g')), "
        ~ "'[,;\\s]+', ',', 'g'), ',', 1)"
    ) }}
{%- endmacro %}
