with

departments as (

    select * from {{ ref('ref_departments') }}

),

regions as (

    select * from {{ ref('ref_regions') }}

),

areas as (

select
    'department' as level,
    departments.department_code as area_code,
    departments.department_name as area_name,
    departments.region_code,
    regions.region_name,
    departments.customs_department_code
from departments
inner join regions on departments.region_code = regions.region_code

union all

select
    'region' as level,
    region_code as area_code,
    region_name as area_name,
    region_code,
    region_name,
    null as customs_department_code
from regions

union all

select
    'france' as level,
    'FR' as area_code,
    'France' as area_name,
    null as region_code,
    null as region_name,
    null as customs_department_code

)

select
    level,
    area_code,
    level || ':' || area_code as area_id,
    area_name,
    region_code,
    region_name,
    customs_department_code
from areas
