-- Boolean spellings from CSV exports, JSON and Japanese UIs; anything else is null.
with cases as (

    select
        examples.input_text,
        examples.expected
    from (
        values
        ('1', true),
        ('0', false),
        ('true', true),
        ('TRUE', true),
        ('False', false),
        ('yes', true),
        ('No', false),
        ('はい', true),
        ('いいえ', false),
        (' 1 ', true),
        ('', null),
        ('maybe', null),
        (null, null)
    ) as examples (input_text, expected)

),

{{ cases_that_differ('cases', parse_boolean('input_text')) }}
