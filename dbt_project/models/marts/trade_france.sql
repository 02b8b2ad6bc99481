select
    year,
    'FR' as area_code,
    flow,
    cpf4_code,
    a129_code,
    country_code,
    sum(value_eur)::bigint as value_eur,
    sum(mass_kg)::bigint as mass_kg
from {{ ref('int_trade__annual_by_department') }}
group by all
