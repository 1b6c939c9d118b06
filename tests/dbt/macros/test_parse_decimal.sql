-- Money and counts typed by people: separators, currency signs and spaces stripped; non-numbers null.
with cases as (

    select
        examples.input_text,
        cast(examples.expected_decimal as decimal(18, 2)) as expected_decimal,
        cast(examples.expected_integer as {{ dbt.type_bigint() }}) as expected_integer
    from (
        values
        ('1,200,000', '1200000', '1200000'),
        ('¥1,200,000', '1200000', '1200000'),
        ('￥ 1,200,000', '1200000', '1200000'),
        ('$12,000.50', '12000.50', '12001'),
        ('125,000 円', '125000', '125000'),
        ('-300', '-300', '-300'),
        ('130.0', '130', '130'),
        (' 42 ', '42', '42'),
        ('', null, null),
        ('1-10', null, null),
        ('TBD', null, null),
        (null, null, null)
    ) as examples (input_text, expected_decimal, expected_integer)

),

parsed as (

    select
        input_text,
        expected_decimal,
        expected_integer,
        {{ parse_decimal('input_text') }} as actual_decimal,
        {{ parse_integer('input_text') }} as actual_integer
    from cases

)

select
    input_text,
    expected_decimal,
    actual_decimal,
    expected_integer,
    actual_integer
from parsed
where
    actual_decimal is distinct from expected_decimal
    or actual_integer is distinct from expected_integer
