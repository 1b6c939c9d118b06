{#- A view: fct_tickets is its only reader, so a table here would be rewritten whole every build to be read
    once. -#}
{{ config(materialized='view') }}

with ticket_records as (

    {{ union_canonical('tickets') }}

),

resolved as (

    select
        {{ canonical_record_id('ticket_records') }} as ticket_id,
        coalesce(account_identities.account_id, person_identities.account_id) as account_id,
        person_identities.person_id,
        ticket_records.*
    from ticket_records
    {{ reference_joins('ticket_records', ['account', 'person']) }}

)

select * from resolved
