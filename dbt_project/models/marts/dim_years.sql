-- The years the marts hold, each with the data vintage (the customs release, `YYYYMM`, or
-- `SYNTH`) and the loads its rows were built from: what the pages, the publication and its
-- readers cite as the source of a year.

with

built as (

    select distinct year, load_id
    from {{ ref('int_trade__annual_by_department') }}

),

loads as (

    select distinct load_id, vintage
    from {{ ref('stg_customs__loads') }}

)

select
    built.year,
    string_agg(distinct loads.vintage, ',' order by loads.vintage) as vintage,
    list(distinct built.load_id order by built.load_id) as load_ids
from built
left join loads using (load_id)
group by built.year
