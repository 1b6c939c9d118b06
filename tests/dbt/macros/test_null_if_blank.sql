-- Blank text, CRM placeholders and Salesforce's empty id become null; real values are only trimmed.
with cases as (

    select
        examples.input_text,
        examples.expected_blank,
        examples.expected_placeholder,
        examples.expected_salesforce_id
    from (
        values
        ('  Acme  ', 'Acme', 'Acme', 'Acme'),
        ('　山田商事　', '山田商事', '山田商事', '山田商事'),
        ('', null, null, null),
        ('   ', null, null, null),
        ('個人', '個人', null, '個人'),
        ('不明', '不明', null, '不明'),
        ('Test', 'Test', null, 'Test'),
        ('N/A', 'N/A', null, 'N/A'),
        ('-', '-', null, '-'),
        ('0000000000', '0000000000', null, '0000000000'),
        ('000000000000000AAA', '000000000000000AAA', '000000000000000AAA', null),
        ('0014600001TvgfWAAR', '0014600001TvgfWAAR', '0014600001TvgfWAAR', '0014600001TvgfWAAR'),
        ('Testing Corp', 'Testing Corp', 'Testing Corp', 'Testing Corp'),
        ('Acme ', 'Acme', 'Acme', 'Acme'),
        (' Acme', 'Acme', 'Acme', 'Acme'),
        ('Acme' || chr(160), 'Acme', 'Acme', 'Acme'),
        (chr(9) || 'Acme', 'Acme', 'Acme', 'Acme'),
        ('山田 ', '山田', '山田', '山田'),
        ('A', 'A', 'A', 'A'),
        (null, null, null, null)
    ) as examples (input_text, expected_blank, expected_placeholder, expected_salesforce_id)

),

cleaned as (

    select
        input_text,
        expected_blank,
        expected_placeholder,
        expected_salesforce_id,
        {{ null_if_blank('input_text') }} as actual_blank,
        {{ null_if_placeholder('input_text') }} as actual_placeholder,
        {{ clean_salesforce_id('input_text') }} as actual_salesforce_id
    from cases

)

select
    input_text,
    actual_blank,
    actual_placeholder,
    actual_salesforce_id
from cleaned
where
    actual_blank is distinct from expected_blank
    or actual_placeholder is distinct from expected_placeholder
    or actual_salesforce_id is distinct from expected_salesforce_id
