-- What a tariff scenario would cost each area's exports, product by product: one row per
-- scenario, year, level, area, partner named in the scenario and CPF4 product the area exports
-- to it. A product's rate is that of its CPF4 line in the scenario, else of its A129 line, else
-- of `*`, else 0. First-order estimate at constant flows: duties = exports × rate, no price or
-- volume response.
with

scenarios as (

    select * from {{ ref('stg_tariffs__scenarios') }}

),

partners as (

    select distinct scenario_id, scenario_label, partner_code from scenarios

),

exports as (

    select
        year,
        level,
        area_code,
        country_code,
        cpf4_code,
        min(a129_code) as a129_code,
        sum(value_eur)::bigint as export_eur
    from {{ ref('int_trade__by_area') }}
    where flow = 'export'
    group by year, level, area_code, country_code, cpf4_code
    having sum(value_eur) > 0

),

exposed as (

    select
        partners.scenario_id,
        partners.scenario_label,
        exports.year,
        exports.level,
        exports.area_code,
        exports.country_code as partner_code,
        exports.cpf4_code,
        exports.a129_code,
        exports.export_eur
    from exports
    inner join partners on exports.country_code = partners.partner_code

),

final as (

    select
        exposed.scenario_id,
        exposed.scenario_label,
        exposed.year,
        exposed.level,
        exposed.area_code,
        exposed.partner_code,
        exposed.cpf4_code,
        exposed.export_eur,
        coalesce(by_cpf4.rate, by_a129.rate, all_goods.rate, 0) as rate,
        exposed.export_eur * coalesce(by_cpf4.rate, by_a129.rate, all_goods.rate, 0) as duties_eur
    from exposed
    left join scenarios as by_cpf4
        on exposed.scenario_id = by_cpf4.scenario_id
        and exposed.partner_code = by_cpf4.partner_code
        and exposed.cpf4_code = by_cpf4.product_code
    left join scenarios as by_a129
        on exposed.scenario_id = by_a129.scenario_id
        and exposed.partner_code = by_a129.partner_code
        and exposed.a129_code = by_a129.product_code
    left join scenarios as all_goods
        on exposed.scenario_id = all_goods.scenario_id
        and exposed.partner_code = all_goods.partner_code
        and all_goods.product_code = '*'

)

{{ with_labels('final', ['scenario_id', 'scenario_label', 'year', 'level', 'area_code',
    'partner_code', 'cpf4_code', 'export_eur', 'rate', 'duties_eur']) }}
