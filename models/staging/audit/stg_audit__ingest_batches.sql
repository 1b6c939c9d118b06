with source as (

    select * from {{ source('audit', 'ingest_batches') }}

),

renamed as (

    select
        cast(batch_id as {{ dbt.type_bigint() }}) as batch_id,
        source_file,
        sha256,
        source_name,
        raw_table,
        file_format,
        encoding,
        export_kind,
        export_date,
        rows_read,
        rows_landed,
        rows_quarantined,
        status as batch_status,
        message,
        started_at,
        finished_at,
        status = 'landed' as is_landed
    from source

)

select * from renamed
