{#-
    person_full_name(first_name, last_name): the display name built from a first and a last name column,
    in the order the name's own script uses: Japanese names (kana or kanji in the last name) family name
    first with a space (山田 太郎), others given name first (Rose Gonzalez). Null when both parts are blank.
    Only default__ differs from duckdb__ in the regular-expression function (Spark's operator: rlike).
-#}

{% macro person_full_name(first_name, last_name) -%}
    {{ return(adapter.dispatch('person_full_name', 'revops_warehouse')(first_name, last_name)) }}
{%- endmacro %}

{% macro japanese_script_pattern() -%}
    '[ぁ-ゖァ-ヺー一-龯々〆]'
{%- endmacro %}

{% macro default__person_full_name(first_name, last_name) -%}
    {%- set first = revops_warehouse.null_if_blank(first_name) -%}
    {%- set last = revops_warehouse.null_if_blank(last_name) -%}
    case
        when {{ first }} is null then {{ last }}
        when {{ last }} is null then {{ first }}
        when {{ last }} {{ 'rlike' if target.type == 'spark' else '~' }} {{ revops_warehouse.japanese_script_pattern() }}
            then {{ last }} || ' ' || {{ first }}
        else {{ first }} || ' ' || {{ last }}
    end
{%- endmacro %}

{% macro duckdb__person_full_name(first_name, last_name) -%}
    {%- set first = revops_warehouse.null_if_blank(first_name) -%}
    {%- set last = revops_warehouse.null_if_blank(last_name) -%}
    case
        when {{ first }} is null then {{ last }}
        when {{ last }} is null then {{ first }}
        when regexp_matches({{ last }}, {{ revops_warehouse.japanese_script_pattern() }})
            then {{ last }} || ' ' || {{ first }}
        else {{ first }} || ' ' || {{ last }}
    end
{%- endmacro %}
