-- The calendar MetricFlow needs to query metrics over time: one row per day from 2000 to 2040
-- (the customs files are annual; metrics are read at year grain).
select cast(day as date) as date_day
from range(date '2000-01-01', date '2041-01-01', interval 1 day) as days(day)
