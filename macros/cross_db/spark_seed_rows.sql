{#-
    spark__load_csv_rows: how `dbt seed` inserts a seed's rows on Spark, in place of dbt-spark's own (dbt dispatches
    to the project first, dbt_project.yml). dbt-spark's passes the values as bindings, and in `method: session` an
    empty CSV field (None) arrives as the text 'None'; here each value is written as a literal, an empty field as
    null, as DuckDB and PostgreSQL load it.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for value in row -%}
                {%- set column_name = agate_table.column_names[loop.index0] -%}
                {%- set kind = column_override.get(column_name, adapter.convert_type(agate_table, loop.index0)) -%}
                {%- if value is none -%}
                    {%- do values.append('cast(null as ' ~ kind ~ ')') -%}
                {%- else -%}
                    {%- set text = (value | string) | replace('\\', '\\\\') | replace("'", "\\'") -%}
                    {%- do values.append("cast('" ~ text ~ "' as " ~ kind ~ ")") -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values ' ~ rows | join(', ') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- do statements.append(sql) -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
