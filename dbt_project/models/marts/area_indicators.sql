-- Change, exposure and concentration of every area's trade, per year and flow. "Loaded" years
-- are those in the warehouse (only years that passed their checks are). Shares are fractions;
-- a ratio whose denominator is 0 or missing is null.
{% set eu27 = eu27_codes() %}
{% set energy = ['B05Z', 'B06Z', 'C19Z', 'D35A', 'D35B'] %}
with

trade as (

    select * from {{ ref('int_trade__by_area') }}

),

loaded_years as (

    select distinct year from trade

),

-- every area with trade in a year (as trade_totals), both flows
grid as (

    select totals.year, totals.level, totals.area_code, flows.flow
    from {{ ref('trade_totals') }} as totals
    cross join (select unnest(['export', 'import']) as flow) as flows

),

flow_totals as (

    select
        year, level, area_code, flow,
        sum(value_eur)::bigint as value_eur,
        sum(mass_kg)::bigint as mass_kg,
        coalesce(sum(value_eur) filter (where a129_code in {{ sql_list(energy) }}), 0)::bigint
            as energy_value_eur
    from trade
    group by all

),

by_country as (

    select year, level, area_code, flow, country_code, sum(value_eur)::bigint as value_eur
    from trade
    group by all
    having sum(value_eur) > 0

),

partners as (

    select
        year, level, area_code, flow,
        count(*) as n_partners,
        sum(power(value_eur::double, 2)) as sum_squares,
        coalesce(sum(value_eur) filter (where country_code in {{ sql_list(eu27) }}), 0)
            as eu27_eur,
        coalesce(sum(value_eur) filter (where country_code = 'US'), 0) as us_eur,
        coalesce(sum(value_eur) filter (where country_code = 'CN'), 0) as cn_eur,
        coalesce(sum(value_eur) filter (where country_code = 'GB'), 0) as gb_eur
    from by_country
    group by all

),

ranked_countries as (

    select
        *,
        row_number() over (
            partition by year, level, area_code, flow
            order by value_eur desc, country_code
        ) as rank
    from by_country

),

top3 as (

    select
        year, level, area_code, flow,
        sum(value_eur)::bigint as top3_value_eur,
        any_value(country_code) filter (where rank = 1) as first_partner_code,
        any_value(value_eur) filter (where rank = 1) as first_partner_eur
    from ranked_countries
    where rank <= 3
    group by all

),

-- the imports the area depends on outside the EU-27 (import_dependence.is_dependent)
dependence as (

    select
        year, level, area_code, 'import' as flow,
        count(*) filter (where is_dependent) as n_dependent_products,
        coalesce(sum(import_eur) filter (where is_dependent), 0)::bigint as dependent_import_eur
    from {{ ref('import_dependence') }}
    group by all

),

by_cpf4 as (

    select year, level, area_code, flow, cpf4_code, sum(value_eur)::bigint as value_eur
    from trade
    group by all
    having sum(value_eur) > 0

),

products as (

    select
        year, level, area_code, flow,
        count(*) as n_products_cpf4,
        sum(power(value_eur::double, 2)) as sum_squares
    from by_cpf4
    group by all

),

current_year as (

    select
        grid.year,
        grid.level,
        grid.area_code,
        grid.flow,
        coalesce(flow_totals.value_eur, 0)::bigint as value_eur,
        -- no trade weighs nothing; trade the customs give no mass for stays null
        case when flow_totals.year is null then 0 else flow_totals.mass_kg end::bigint as mass_kg,
        coalesce(flow_totals.energy_value_eur, 0)::bigint as energy_value_eur
    from grid
    left join flow_totals using (year, level, area_code, flow)

),

with_history as (

    select
        current_year.*,
        case
            when previous.value_eur is not null then previous.value_eur
            when loaded_1.year is not null then 0
        end::bigint as value_eur_previous_year,
        case
            when five_before.value_eur is not null then five_before.value_eur
            when loaded_5.year is not null then 0
        end::bigint as value_eur_5_years_before
    from current_year
    left join loaded_years as loaded_1 on loaded_1.year = current_year.year - 1
    left join current_year as previous
        on previous.year = current_year.year - 1
        and previous.level = current_year.level
        and previous.area_code = current_year.area_code
        and previous.flow = current_year.flow
    left join loaded_years as loaded_5 on loaded_5.year = current_year.year - 5
    left join current_year as five_before
        on five_before.year = current_year.year - 5
        and five_before.level = current_year.level
        and five_before.area_code = current_year.area_code
        and five_before.flow = current_year.flow

),

final as (

    select
        with_history.year,
        with_history.level,
        with_history.area_code,
        with_history.flow,
        with_history.value_eur,
        with_history.mass_kg,
        with_history.value_eur / nullif(with_history.mass_kg, 0) as unit_value_eur_per_kg,
        with_history.value_eur_previous_year,
        (with_history.value_eur - with_history.value_eur_previous_year)::bigint as change_eur,
        with_history.value_eur / nullif(with_history.value_eur_previous_year, 0) - 1 as change_ratio,
        case when with_history.value_eur_5_years_before > 0
            then power(with_history.value_eur / with_history.value_eur_5_years_before, 1 / 5) - 1
        end as cagr_5y,
        -- ranks count French areas: Monaco, which the customs file lists as a département of
        -- Provence-Alpes-Côte d'Azur, is not ranked among the départements (NULL)
        case when not (with_history.level = 'department' and with_history.area_code = '99') then
            row_number() over (
                partition by
                    with_history.year, with_history.level, with_history.flow,
                    (with_history.level = 'department' and with_history.area_code = '99')
                order by with_history.value_eur desc, with_history.area_code
            )
        end as rank_in_level,
        coalesce(partners.n_partners, 0) as n_partners,
        coalesce(products.n_products_cpf4, 0) as n_products_cpf4,
        partners.sum_squares / nullif(power(with_history.value_eur::double, 2), 0) as hhi_partners,
        products.sum_squares / nullif(power(with_history.value_eur::double, 2), 0)
            as hhi_products_cpf4,
        top3.top3_value_eur / nullif(with_history.value_eur, 0) as top3_partners_share,
        partners.eu27_eur / nullif(with_history.value_eur, 0) as eu27_share,
        partners.us_eur / nullif(with_history.value_eur, 0) as us_share,
        partners.cn_eur / nullif(with_history.value_eur, 0) as cn_share,
        partners.gb_eur / nullif(with_history.value_eur, 0) as gb_share,
        top3.first_partner_code,
        top3.first_partner_eur / nullif(with_history.value_eur, 0) as first_partner_share,
        with_history.energy_value_eur,
        with_history.energy_value_eur / nullif(with_history.value_eur, 0) as energy_share,
        (with_history.value_eur - with_history.energy_value_eur)::bigint as value_excl_energy_eur,
        -- imports only: the flow of exports has no dependence
        case when with_history.flow = 'import'
            then coalesce(dependence.n_dependent_products, 0) end as n_dependent_products,
        case when with_history.flow = 'import'
            then coalesce(dependence.dependent_import_eur, 0) end::bigint as dependent_import_eur,
        case when with_history.flow = 'import'
            then coalesce(dependence.dependent_import_eur, 0) / nullif(with_history.value_eur, 0)
        end as dependent_import_share
    from with_history
    left join partners using (year, level, area_code, flow)
    left join products using (year, level, area_code, flow)
    left join top3 using (year, level, area_code, flow)
    left join dependence using (year, level, area_code, flow)

),

with_peers as (

    select
        *,
        -- the areas ranked at this level, that year, for this flow (Monaco is not)
        count(rank_in_level) over (partition by year, level, flow) as areas_in_level
    from final

)

{{ with_labels('with_peers', ['year', 'level', 'area_code', 'flow', 'value_eur', 'mass_kg', 'unit_value_eur_per_kg', 'value_eur_previous_year', 'change_eur', 'change_ratio', 'cagr_5y', 'rank_in_level', 'areas_in_level', 'n_partners', 'n_products_cpf4', 'hhi_partners', 'hhi_products_cpf4', 'top3_partners_share', 'first_partner_code', 'first_partner_share', 'eu27_share', 'us_share', 'cn_share', 'gb_share', 'energy_value_eur', 'energy_share', 'value_excl_energy_eur', 'n_dependent_products', 'dependent_import_eur', 'dependent_import_share']) }}
