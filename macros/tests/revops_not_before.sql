{#- Generic test: the column is never before `earlier` (another column of the same row), e.g. a funnel stage is
    never left before it was entered. Rows where either is null pass. Returns the rows that break it. -#}
{% test revops_not_before(model, column_name, earlier) %}
    select *
    from {{ model }}
    where {{ column_name }} < {{ earlier }}
{% endtest %}
