-- Money and counts typed by people: decimal comma or point decided per value, thousands separators, currency
-- signs and codes, spaces, full-width digits, percentages and scientific notation; non-numbers null.
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
        ('1.234,56', '1234.56', '1235'),
        ('1,234.56', '1234.56', '1235'),
        ('12,5', '12.5', '13'),
        ('1.234.567', '1234567', '1234567'),
        ('1.234.567,89 €', '1234567.89', '1234568'),
        ('S/ 1.250,00', '1250', '1250'),
        ('MXN 25,000', '25000', '25000'),
        ('R$ 1.000,50', '1000.50', '1001'),
        ('１２３，４５６', '123456', '123456'),
        ('50%', '50', '50'),
        ('(1,234.00)', '-1234', '-1234'),
        ('1.39E8', '139000000', '139000000'),
        ('2.5e-1', '0.25', '0'),
        ('N/A', null, null),
        ('1,2,3', null, null),
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
