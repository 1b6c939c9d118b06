{#-
    cases_that_differ(cases, actual): the end of a macro test over a CTE `cases` of (input_text, expected): each
    case with `actual`, the macro's result on input_text, and only the cases where it differs from expected.
    A test passes when it selects no row.
-#}
{% macro cases_that_differ(cases, actual) -%}
parsed as (

    select
        input_text,
        expected,
        {{ actual }} as actual
    from {{ cases }}

)

select
    input_text,
    expected,
    actual
from parsed
where actual is distinct from expected
{%- endmacro %}
