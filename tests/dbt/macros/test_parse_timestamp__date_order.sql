-- The order decided for a batch reads A/B/Y day first or month first; a null order falls back to the
-- tie default (var revops_date_order_tie, mdy here): 09-06-2026 is 9 June day first, 6 September month first.
with cases as (

    select
        examples.input_text,
        examples.date_order,
        cast(examples.expected_text as timestamp) as expected
    from (
        values
        ('09-06-2026 16:14', 'dmy', '2026-06-09 16:14:00'),
        ('09-06-2026 16:14', 'mdy', '2026-09-06 16:14:00'),
        ('09-06-2026 16:14', null, '2026-09-06 16:14:00'),
        ('31.12.2025', 'dmy', '2025-12-31 00:00:00'),
        ('31.12.2025', 'mdy', null),
        ('5/7/24 10:26', 'dmy', '2024-07-05 10:26:00'),
        ('2026-06-09', 'dmy', '2026-06-09 00:00:00')
    ) as examples (input_text, date_order, expected_text)

),

parsed as (

    select
        input_text,
        date_order,
        expected,
        {{ parse_timestamp('input_text', date_order='date_order') }} as actual
    from cases

)

select
    input_text,
    date_order,
    expected,
    actual
from parsed
where actual is distinct from expected
