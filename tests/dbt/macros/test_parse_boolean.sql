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

parsed as (

    select
        input_text,
        expected,
        {{ parse_boolean('input_text') }} as actual
    from cases

)

select
    input_text,
    expected,
    actual
from parsed
where actual is distinct from expected
