-- Annual trade of each department area, for BI tools: the department rows of int_trade__by_area.
{{ config(materialized='view') }}

select * exclude (level, load_id, code_version, built_at)
from {{ ref('int_trade__by_area') }}
where level = 'department'
