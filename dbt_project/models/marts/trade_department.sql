-- Annual trade of each department area, for BI tools: the department rows of int_trade__by_area.
{{ config(materialized='view') }}

{{ trade_lines('department') }}
