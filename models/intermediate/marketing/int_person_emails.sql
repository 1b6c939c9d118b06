{#- One row per normalised email address that identifies exactly one person (shared and generic mailboxes that
    several people use are left out), so events that carry only an address can find their person. -#}
with person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

person_emails as (

    select
        normalized_email,
        min(person_id) as person_id,
        min(account_id) as account_id
    from person_identities
    where normalized_email is not null and person_id is not null
    group by normalized_email
    having count(distinct person_id) = 1 and count(distinct account_id) <= 1

)

select * from person_emails
