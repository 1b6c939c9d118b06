{#- The date the warehouse describes: the newest export landed. Marts measure "now" from here, never
    from the wall clock, so the same exports always give the same marts. -#}
with batches as (

    select * from {{ ref('stg_audit__ingest_batches') }}

),

as_of as (

    select max(export_date) as as_of_date
    from batches
    where is_landed

)

select * from as_of
