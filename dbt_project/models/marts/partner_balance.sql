-- "Principaux pays à l'import et à l'export": every partner of each area with its imports,
-- exports and balance; rank by trade (imports + exports), ties broken by country code.
with

by_country as (

    select
        year,
        level,
        area_code,
        country_code,
        coalesce(sum(value_eur) filter (where flow = 'export'), 0)::bigint as export_eur,
        coalesce(sum(value_eur) filter (where flow = 'import'), 0)::bigint as import_eur
    from {{ ref('int_trade__by_area') }}
    group by all

),

countries as (

    select * from {{ ref('dim_countries') }}

),

final as (

    select
        by_country.year,
        by_country.level,
        by_country.area_code,
        by_country.country_code,
        countries.country_name,
        by_country.export_eur,
        by_country.import_eur,
        by_country.export_eur - by_country.import_eur as balance_eur,
        by_country.export_eur + by_country.import_eur as trade_eur,
        row_number() over (
            partition by by_country.year, by_country.level, by_country.area_code
            order by by_country.export_eur + by_country.import_eur desc, by_country.country_code
        ) as rank
    from by_country
    left join countries
        on by_country.year = countries.year and by_country.country_code = countries.country_code

)

{{ with_labels('final', ['year', 'level', 'area_code', 'country_code', 'country_name', 'export_eur', 'import_eur', 'balance_eur', 'trade_eur', 'rank']) }}
