with unioned as (

    {{ union_canonical('account_records') }}

)

select * from unioned
