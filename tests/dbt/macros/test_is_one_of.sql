-- is_one_of matches whole values only, literally: the regular-expression characters of DuckDB's version (. ? * +
-- | ( ) [ ] { } ^ $ \) and a quote stand for themselves; null stays null.
with cases as (

    select
        examples.input_text,
        examples.expected
    from (
        values
        ('n/a', true),
        ('N/A', false),
        ('n/ab', false),
        ('-', true),
        ('--', true),
        ('-x', false),
        ('.', true),
        ('a', false),
        ('?', true),
        ('', false),
        ('a+b', true),
        ('aab', false),
        ('(x)', true),
        ('x', false),
        ('[1]', true),
        ('1', false),
        ('c:\d', true),
        ('c:5', false),
        ('^$', true),
        ('|', true),
        ('o''brien', true),
        ('個人', true),
        ('個人情報', false),
        (null, null)
    ) as examples (input_text, expected)

),

{{ cases_that_differ(
    'cases',
    is_one_of('input_text', ['n/a', '-', '--', '.', '?', 'a+b', '(x)', '[1]', 'c:\\d', '^$', '|', "o'brien", '個人'])
) }}
