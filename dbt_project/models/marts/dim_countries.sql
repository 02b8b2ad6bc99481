-- Country labels valid for each loaded year (`Libelle_PAYS.txt` repeats QU, XK, XS with
-- different validity periods). Codes in the data without a label get a visible placeholder.
with

labels as (

    {{ labels_valid_for_year(ref('stg_customs__labels_country'), 'country_code', 'country_label') }}

),

codes as (

    select year, country_code from labels
    union
    select distinct year, country_code from {{ ref('int_trade__annual_by_department') }}

)

select
    codes.year,
    codes.country_code,
    coalesce(labels.country_label, 'Code ' || codes.country_code || ' (libellé inconnu)')
        as country_name
from codes
left join labels using (year, country_code)
