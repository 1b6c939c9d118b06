{#- Generic test: the combination of `columns` is unique (dbt_utils.unique_combination_of_columns, which
    cannot be installed offline). Returns the duplicated combinations. -#}
{% test revops_unique_combination(model, columns) %}
    select
        {{ columns | join(', ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
