{#-
  The annual trade of one level of the fiche: the département rows of
  int_trade__annual_by_department summed by `area_code` (a column or an expression).
  int_trade__by_area stacks it at the three levels, for the years of its `years_to_build` CTE.
-#}
{% macro trade_summed_by(area_code) %}
select
    year,
    {{ area_code }} as area_code,
    flow,
    cpf4_code,
    a129_code,
    country_code,
    sum(value_eur)::bigint as value_eur,
    sum(mass_kg)::bigint as mass_kg
from {{ ref('int_trade__annual_by_department') }}
where year in (select year from years_to_build)
group by all
{% endmacro %}
