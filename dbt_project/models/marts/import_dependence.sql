-- Dependence of each area on its suppliers, per imported CPF4 product: how many countries sell
-- it, the first one's share, how much comes from outside the EU-27 and how concentrated that is,
-- and whether the area exports as much of it. `is_dependent` takes the European Commission's
-- 2021 criteria for strategic dependencies (concentration of extra-EU suppliers, weight of
-- extra-EU imports, little substitution by the area's own exports) to the area and CPF4 level:
-- see docs/indicators.md. Shares are fractions.
{% set eu27 = eu27_codes() %}
with

lines as (

    select year, level, area_code, flow, product_code as cpf4_code, country_code,
        sum(value_eur) as value_eur
    from {{ ref('int_trade__by_product_level') }}
    where product_level = 'cpf4'
    group by all
    having sum(value_eur) > 0

),

suppliers as (

    select
        year, level, area_code, cpf4_code, country_code, value_eur,
        country_code not in {{ sql_list(eu27) }} and country_code != 'FR' as is_extra_eu,
        row_number() over (
            partition by year, level, area_code, cpf4_code
            order by value_eur desc, country_code
        ) as supplier_rank
    from lines
    where flow = 'import'

),

imports as (

    select
        year, level, area_code, cpf4_code,
        sum(value_eur)::bigint as import_eur,
        count(*) as n_suppliers,
        any_value(country_code) filter (where supplier_rank = 1) as first_supplier_code,
        any_value(value_eur) filter (where supplier_rank = 1) as first_supplier_eur,
        coalesce(sum(value_eur) filter (where is_extra_eu), 0)::bigint as extra_eu_import_eur,
        sum(power(value_eur::double, 2)) filter (where is_extra_eu) as extra_eu_sum_squares
    from suppliers
    group by all

),

exports as (

    select year, level, area_code, cpf4_code, sum(value_eur)::bigint as export_eur
    from lines
    where flow = 'export'
    group by all

),

indicators as (

    select
        imports.year,
        imports.level,
        imports.area_code,
        imports.cpf4_code,
        imports.import_eur,
        imports.n_suppliers,
        imports.first_supplier_code,
        imports.first_supplier_eur / imports.import_eur as first_supplier_share,
        imports.extra_eu_import_eur,
        imports.extra_eu_import_eur / imports.import_eur as extra_eu_share,
        imports.extra_eu_sum_squares / nullif(power(imports.extra_eu_import_eur::double, 2), 0)
            as hhi_extra_eu_suppliers,
        coalesce(exports.export_eur, 0)::bigint as export_eur
    from imports
    left join exports using (year, level, area_code, cpf4_code)

),

criteria as (

    select
        *,
        -- the area's imports are the sum over its CPF4 products (every line has one)
        import_eur / sum(import_eur) over (partition by year, level, area_code)
            as share_of_imports,
        coalesce(
            hhi_extra_eu_suppliers >= 0.4
            and extra_eu_share >= 0.5
            and extra_eu_import_eur > export_eur,
            false
        ) as is_dependent
    from indicators

),

final as (

    select
        *,
        -- the fiche lists the largest dependent products first (ties by code)
        case when is_dependent then
            row_number() over (
                partition by year, level, area_code, is_dependent
                order by import_eur desc, cpf4_code
            )
        end as dependent_rank
    from criteria

)

{{ with_labels('final', ['year', 'level', 'area_code', 'cpf4_code', 'import_eur', 'share_of_imports', 'n_suppliers', 'first_supplier_code', 'first_supplier_share', 'extra_eu_import_eur', 'extra_eu_share', 'hhi_extra_eu_suppliers', 'export_eur', 'is_dependent', 'dependent_rank']) }}
