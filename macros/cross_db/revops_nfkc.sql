{#-
    revops_nfkc(expression): Unicode NFKC normalisation (full-width ＡＢＣ１２３ → ABC123, half-width kana →
    full-width). PostgreSQL has normalize(x, NFKC); on DuckDB the UDF revops_nfkc() is registered by the
    dbt-duckdb plugin ingest/dbt_plugin.py. Staging does not normalise identities; this is for later layers.
-#}

{% macro revops_nfkc(expression) -%}
    {{ return(adapter.dispatch('revops_nfkc', 'revops_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__revops_nfkc(expression) -%}
    normalize({{ expression }}, nfkc)
{%- endmacro %}

{% macro duckdb__revops_nfkc(expression) -%}
    revops_nfkc({{ expression }})
{%- endmacro %}

{#- Spark has no Unicode normalisation built in: the width folding of NFKC only, full-width ASCII forms (Ａ-Ｚ,
    ０-９, ＠, ．…) to ASCII and the ideographic space to a space, which is what this project normalises in SQL
    (e-mail addresses). Half-width kana and compatibility ideographs (㈱) are left as they are. -#}
{% macro spark__revops_nfkc(expression) -%}
    translate(
        {{ expression }},
        '！＂＃＄＆（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯ'
        || 'ＰＱＲＳＴＵＶＷＸＹＺ［］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｜～　',
        '!"#$&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz|~ '
    )
{%- endmacro %}
