-- Name order, list heads and vendor labels used by the staging models.
with names as (

    select
        examples.first_name,
        examples.last_name,
        examples.expected_full_name
    from (
        values
        ('太郎', '山田', '山田 太郎'),
        ('Rose', 'Gonzalez', 'Rose Gonzalez'),
        ('', 'Gonzalez', 'Gonzalez'),
        ('ハナコ', 'スズキ', 'スズキ ハナコ')
    ) as examples (first_name, last_name, expected_full_name)

),

lists as (

    select
        examples.list_text,
        examples.expected_first_item
    from (
        values
        ('["a.co.jp","b.com"]', 'a.co.jp'),
        ('9001;9002', '9001'),
        ('[ "x.com" , "y.com" ]', 'x.com'),
        ('a.co.jp b.com', 'a.co.jp'),
        ('[]', null)
    ) as examples (list_text, expected_first_item)

),

labels as (

    select
        examples.label,
        examples.expected_lifecycle_stage,
        examples.expected_ticket_status
    from (
        values
        ('顧客', 'customer', null),
        ('Lead', 'lead', null),
        ('Marketing Qualified Lead', 'marketingqualifiedlead', null),
        ('custom stage', 'custom stage', null),
        ('解決済み', null, 'solved'),
        ('新規', null, 'new'),
        ('Open', null, 'open'),
        ('待機中', null, 'hold')
    ) as examples (label, expected_lifecycle_stage, expected_ticket_status)

),

failures as (

    select names.first_name || ' ' || names.last_name as failing_case
    from names
    where {{ person_full_name('names.first_name', 'names.last_name') }} is distinct from names.expected_full_name

    union all

    select lists.list_text as failing_case
    from lists
    where {{ list_first_item('lists.list_text') }} is distinct from lists.expected_first_item

    union all

    select labels.label as failing_case
    from labels
    where
        (
            labels.expected_lifecycle_stage is not null
            and {{ hubspot_lifecycle_stage('labels.label') }} is distinct from labels.expected_lifecycle_stage
        )
        or (
            labels.expected_ticket_status is not null
            and {{ zendesk_ticket_status('labels.label') }} is distinct from labels.expected_ticket_status
        )

)

select failures.failing_case
from failures
