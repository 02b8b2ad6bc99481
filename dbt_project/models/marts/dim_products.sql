-- Product labels valid for each loaded year, at both levels. Codes present in the data but
-- missing from the label files get a visible placeholder label (and a validation warning).
with

a129_labels as (

    {{ labels_valid_for_year(ref('stg_customs__labels_a129'), 'a129_code', 'a129_label') }}

),

cpf4_labels as (

    {{ labels_valid_for_year(ref('stg_customs__labels_cpf4'), 'cpf4_code', 'cpf4_label') }}

),

cpf4_in_data as (

    select distinct year, cpf4_code, a129_code
    from {{ ref('int_trade__annual_by_department') }}

),

-- A CPF4 code carries one A129 code in the data; should it carry several, keep the one of
-- largest trade... deterministic: the smallest code (validation reports the inconsistency).
cpf4_a129 as (

    select year, cpf4_code, min(a129_code) as a129_code
    from cpf4_in_data
    group by all

),

a129_codes as (

    select year, a129_code from a129_labels
    union
    select year, a129_code from cpf4_in_data

),

cpf4_codes as (

    select year, cpf4_code from cpf4_labels
    union
    select year, cpf4_code from cpf4_in_data

)

select
    a129_codes.year,
    'a129' as product_level,
    a129_codes.a129_code as product_code,
    coalesce(a129_labels.a129_label, 'Code ' || a129_codes.a129_code || ' (libellé inconnu)')
        as product_label,
    a129_codes.a129_code,
    coalesce(a129_labels.a129_label, 'Code ' || a129_codes.a129_code || ' (libellé inconnu)')
        as a129_label
from a129_codes
left join a129_labels using (year, a129_code)

union all

select
    cpf4_codes.year,
    'cpf4' as product_level,
    cpf4_codes.cpf4_code as product_code,
    coalesce(cpf4_labels.cpf4_label, 'Code ' || cpf4_codes.cpf4_code || ' (libellé inconnu)')
        as product_label,
    cpf4_a129.a129_code,
    case when cpf4_a129.a129_code is not null then coalesce(a129_labels.a129_label,
        'Code ' || cpf4_a129.a129_code || ' (libellé inconnu)') end as a129_label
from cpf4_codes
left join cpf4_labels using (year, cpf4_code)
left join cpf4_a129 using (year, cpf4_code)
left join a129_labels on cpf4_a129.year = a129_labels.year and cpf4_a129.a129_code = a129_labels.a129_code
