-- The Territoires d'industrie and the départements they touch: one row per territory and
-- département, with the département's region (a territory may span several regions).
with

territories as (

    select * from {{ ref('stg_anct__territoires_industrie') }}

),

geography as (

    select * from {{ ref('dim_areas') }} where level = 'department'

)

select
    territories.ti_id,
    territories.ti_name,
    territories.department_code,
    geography.area_name as department_name,
    geography.region_code,
    geography.region_name,
    territories.department_share,
    territories.is_main_department,
    territories.source_mode
from territories
left join geography on territories.department_code = geography.area_code
