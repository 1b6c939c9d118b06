-- Salesforce's "YYYY-MM-DD 00:00:00" dates and every other date spelling become dates.
with cases as (

    select
        examples.input_text,
        cast(examples.expected_text as date) as expected
    from (
        values
        ('2018-08-22 00:00:00', '2018-08-22'),
        ('2027/04/01', '2027-04-01'),
        ('2027-04-01', '2027-04-01'),
        ('2027年4月1日', '2027-04-01'),
        ('2027-04-01T23:00:00Z', '2027-04-01'),
        ('', null),
        ('TBD', null)
    ) as examples (input_text, expected_text)

),

{{ cases_that_differ('cases', parse_date('input_text')) }}
