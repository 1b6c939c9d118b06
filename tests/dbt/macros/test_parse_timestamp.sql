-- Every date-time spelling the exports use parses to the same UTC timestamp; junk parses to null.
with cases as (

    select
        examples.input_text,
        cast(examples.expected_text as timestamp) as expected
    from (
        values
        ('2026-11-01 09:30:00', '2026-11-01 09:30:00'),
        ('  2026-11-01 09:30:00  ', '2026-11-01 09:30:00'),
        ('2026-11-01 09:30:00.250', '2026-11-01 09:30:00.250'),
        ('2026-11-01 09:30', '2026-11-01 09:30:00'),
        ('2026/11/01 09:30', '2026-11-01 09:30:00'),
        ('2026/11/01 09:30:15', '2026-11-01 09:30:15'),
        ('2026/11/01', '2026-11-01 00:00:00'),
        ('2026/1/5', '2026-01-05 00:00:00'),
        ('2026-11-01', '2026-11-01 00:00:00'),
        ('2026年11月01日', '2026-11-01 00:00:00'),
        ('2026-11-01T09:30:00Z', '2026-11-01 09:30:00'),
        ('2026-11-01T09:30:00.500Z', '2026-11-01 09:30:00.500'),
        ('2026-11-01T09:30:00+09:00', '2026-11-01 00:30:00'),
        ('2026-11-01T09:30:00', '2026-11-01 09:30:00'),
        ('1793923200000', '2026-11-06 00:00:00'),
        ('1793923200', '2026-11-06 00:00:00'),
        ('', null),
        ('not a date', null),
        ('2026-13-45', null),
        (null, null)
    ) as examples (input_text, expected_text)

),

parsed as (

    select
        input_text,
        expected,
        {{ parse_timestamp('input_text') }} as actual
    from cases

)

select
    input_text,
    expected,
    actual
from parsed
where actual is distinct from expected
