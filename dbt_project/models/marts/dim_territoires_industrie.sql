-- The Territoires d'industrie and the départements they touch: one row per territory and
-- département, with the département's region (a territory may span several regions).
with

territories as (

    select * from {{ ref('stg_anct__territoires_industrie') }}

),

geography as (

    select * from {{ ref('ref_departments') }}

)

select
    territories.ti_id,
    territories.ti_name,
    territories.department_code,
    geography.region_code,
    territories.department_share,
    territories.is_main_department,
    territories.source_mode
from territories
left join geography on territories.department_code = geography.department_code
