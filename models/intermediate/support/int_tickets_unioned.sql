{#- A view: fct_tickets is its only reader, so a table here would be rewritten whole every build to be read
    once. -#}
{{ config(materialized='view') }}

with ticket_records as (

    {{ union_canonical('tickets') }}

),

account_identities as (

    select * from {{ ref('int_account_identities_resolved') }}

),

person_identities as (

    select * from {{ ref('int_person_identities_resolved') }}

),

resolved as (

    select
        ticket_records.source_system || ':' || ticket_records.source_object || ':'
        || ticket_records.source_record_id as ticket_id,
        coalesce(account_identities.account_id, person_identities.account_id) as account_id,
        person_identities.person_id,
        ticket_records.*
    from ticket_records
    left join account_identities
        on
            ticket_records.account_source_system = account_identities.source_system
            and ticket_records.account_source_object = account_identities.source_object
            and ticket_records.account_source_record_id = account_identities.source_record_id
    left join person_identities
        on
            ticket_records.person_source_system = person_identities.source_system
            and ticket_records.person_source_object = person_identities.source_object
            and ticket_records.person_source_record_id = person_identities.source_record_id

)

select * from resolved
