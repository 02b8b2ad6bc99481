-- Quarterly trade of every area: the value of each quarter, the sum of the four quarters ending
-- with it (null unless all four are loaded), and the change on the same quarter a year before.
with

quarters as (

    select *, year * 4 + quarter - 1 as period
    from {{ ref('int_trade__quarterly_by_area') }}

),

windowed as (

    select
        *,
        sum(value_eur) over four_quarters as sum_4q,
        lag(period, 3) over by_period as period_3_before,
        lag(value_eur, 4) over by_period as value_4_before,
        lag(period, 4) over by_period as period_4_before
    from quarters
    window
        by_period as (partition by level, area_code, flow order by period),
        four_quarters as (
            partition by level, area_code, flow order by period
            rows between 3 preceding and current row
        )

),

final as (

    select
        year,
        quarter,
        level,
        area_code,
        flow,
        value_eur,
        case when period_3_before = period - 3 then sum_4q end::bigint as rolling_4q_eur,
        case when period_4_before = period - 4
            then value_eur / nullif(value_4_before, 0) - 1 end as change_ratio_same_quarter_previous_year
    from windowed

)

{{ with_labels('final', ['year', 'quarter', 'level', 'area_code', 'flow', 'value_eur', 'rolling_4q_eur', 'change_ratio_same_quarter_previous_year']) }}
