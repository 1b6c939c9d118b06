-- integer_series(column_name, digit_count) gives each whole number from 0 to 10^digit_count - 1 exactly once:
-- one row per digit count (1, 2, 3) whose row count, distinct count, smallest or largest number is wrong.
with series as (

    select
        1 as digit_count,
        series_1.n
    from ({{ integer_series('n', 1) }}) as series_1
    union all
    select
        2 as digit_count,
        series_2.n
    from ({{ integer_series('n', 2) }}) as series_2
    union all
    select
        3 as digit_count,
        series_3.n
    from ({{ integer_series('n', 3) }}) as series_3

),

measured as (

    select
        digit_count,
        count(*) as row_count,
        count(distinct n) as distinct_count,
        min(n) as smallest,
        max(n) as largest
    from series
    group by digit_count

),

expected as (

    select
        examples.digit_count,
        examples.expected_count
    from (
        values (1, 10), (2, 100), (3, 1000)
    ) as examples (digit_count, expected_count)

)

select
    expected.digit_count,
    measured.row_count,
    measured.distinct_count,
    measured.smallest,
    measured.largest
from expected
left join measured on expected.digit_count = measured.digit_count
where
    measured.digit_count is null
    or measured.row_count != expected.expected_count
    or measured.distinct_count != expected.expected_count
    or measured.smallest != 0
    or measured.largest != expected.expected_count - 1
