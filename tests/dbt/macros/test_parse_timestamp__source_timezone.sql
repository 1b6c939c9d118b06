-- Text without a zone is read in the given time zone (HubSpot Japan: Asia/Tokyo) and returned in UTC;
-- text with a zone or an epoch is unaffected.
with cases as (

    select
        examples.input_text,
        cast(examples.expected_text as timestamp) as expected
    from (
        values
        ('2026-11-01 09:30:00', '2026-11-01 00:30:00'),
        ('2026/11/01 09:30', '2026-11-01 00:30:00'),
        ('2026-11-01T09:30:00Z', '2026-11-01 09:30:00'),
        ('1793923200000', '2026-11-06 00:00:00')
    ) as examples (input_text, expected_text)

),

{{ cases_that_differ('cases', parse_timestamp('input_text', 'Asia/Tokyo')) }}
