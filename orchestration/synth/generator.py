"""Generate a synthetic year of departmental customs data, in the exact official layout.

SYNTHETIC DATA. The archives are named `SYNTH-Regional-<year>-<flow>.zip` and carry the vintage
`SYNTH`. What is real: the layout (headerless ten-field `;` file by quarter), the annex files
(shipped byte for byte, in their real encodings), the 101 département codes with their DGDDI
region codes, the CPF4 -> A129 pairs, and the country codes valid for the year.

The figures start from structure, not from chance (`calibration.py` holds every table with its
source):

1. **National margins** per year and flow: France's total, every product group's value (sourced
   where published: pharmaceuticals, aerospace, perfumes, beverages, cars, agri-food, energy by
   product), and France's partners (the ten first per flow in 2024, published).
2. **A national product x partner table**: each product traded with its plausible partners
   (energy from the suppliers customs record, electricity with the neighbours, aircraft to
   airlines' countries...), fitted to the partner margins of 2024 (iterative proportional
   fitting, IPF); the partner factors found are kept for every year, so partner shares move only
   with the product mix.
3. **Département totals**: each département's 2024 weight in its region, moved each year by its
   own product mix, fitted to the regions' and France's published totals (Hauts-de-Seine,
   Île-de-France and France 2024 to the euro of the reference fiche).
4. **A département x product x partner prior**: the national mix times each département's
   sourced profile (or its region's), energy only where it lands (refineries, LNG terminals,
   interconnectors), border départements with their neighbours, overseas départements with their
   own partners; then IPF to the département totals and the national product x partner table.
5. **Lines**: the largest cells of each département, plus smaller ones drawn by weight (the
   draw is the same every year), split into CPF4 codes and quarters; values in euros adding up
   to each département's total exactly; masses from a price per kg.

Everything depends on (seed, year) only: the same archive bytes every time.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from orchestration import files
from orchestration.customs.labels import parse_code_labels, parse_departments, valid_for_year
from orchestration.reference import CUSTOMS_DIR
from orchestration.synth import calibration as cal
from orchestration.synth.nomenclature import a129_of

REFERENCE_DIR = CUSTOMS_DIR
ANNEXES = (
    "Libelle_CPF4_rev2.1.txt",
    "Libelle_A129.txt",
    "Libelle_PAYS.txt",
    "Departement_region.txt",
    "LISEZ-MOI.txt",
)
ROWS_PER_FLOW = {"sample": 50_000, "full": 2_000_000}
FLOW_CODES = {"export": "E", "import": "I"}
DATA_MEMBER = {"export": "SYNTH_REGIONAL_CPF4PAYSE.txt", "import": "SYNTH_REGIONAL_CPF4PAYSI.txt"}

# Published 2024 figures (reference fiche), in euros: the calibration targets.
CALIBRATION_2024 = {
    "export": {"92": 31_723_300_000, "IDF": 141_666_300_000, "FR": 580_354_500_000},
    "import": {"92": 36_733_300_000, "IDF": 192_202_900_000, "FR": 684_776_300_000},
}
BN = 1e9
YEARS = (min(cal.FRANCE_TOTALS), max(cal.FRANCE_TOTALS))
# The split groups of B06Z: crude oil and natural gas land in different places.
SPLIT_CPF4 = {"0610": "B06Z:0610", "0620": "B06Z:0620"}
# Values per kg (euros) of some products in 2024; the others are drawn once per CPF4 code.
PRICE_PER_KG = {"B06Z:0610": 0.55, "B06Z:0620": 0.45, "C19Z": 0.75, "B05Z": 0.15, "D35A": 0.0,
                "C30C": 2500.0, "C29A": 15.0, "C21Z": 150.0, "C20B": 35.0, "C11Z": 8.0,
                "A01Z": 0.6, "B07Z": 0.12, "C24A": 1.0, "C10H": 3.0}  # fmt: skip


@dataclass(frozen=True)
class Reference:
    departments: list[tuple[str, str]]  # (department code, DGDDI region code)
    products: list[tuple[str, str]]  # (cpf4, a129)
    countries: list[str]


def load_reference(year: int) -> Reference:
    deps = parse_departments((REFERENCE_DIR / "Departement_region.txt").read_bytes())
    cpf4 = parse_code_labels((REFERENCE_DIR / "Libelle_CPF4_rev2.1.txt").read_bytes())
    countries = valid_for_year(
        parse_code_labels((REFERENCE_DIR / "Libelle_PAYS.txt").read_bytes()), year
    )
    products = []
    for label in cpf4:
        a129 = a129_of(label.code)
        if a129 is not None and label.valid_from <= year * 100 + 12 <= label.valid_to + 11:
            products.append((label.code, a129))
    return Reference(
        departments=[(d.department_code, d.dgddi_region_code) for d in deps],
        products=sorted(set(products)),
        countries=sorted(c for c in countries if c not in cal.NOT_PARTNERS),
    )


def split_exact(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers >= 1 proportional to `weights` that add up to `total` exactly."""
    weights = np.asarray(weights, dtype=float)
    if len(weights) == 0:
        return np.zeros(0, dtype=np.int64)
    shares = weights / weights.sum() * total
    values = np.maximum(np.floor(shares).astype(np.int64), 1)
    values[int(np.argmax(values))] += total - int(values.sum())
    return values


def ipf(
    prior: np.ndarray,
    margins: list[tuple[tuple[int, ...], np.ndarray]],
    rounds: int = 40,
    tolerance: float = 1e-7,
) -> np.ndarray:
    """Iterative proportional fitting: scale `prior` so that its sums over the axes not named in
    each margin match that margin. NaN in a margin: those entries share one factor, so that they
    keep their relative sizes and together what the others leave. Zeros stay zeros. Stops after
    `rounds`, or when no factor of a round moves by more than `tolerance`."""
    x = prior.astype(float).copy()
    for _ in range(rounds):
        moved = 0.0
        for keep, target in margins:
            drop = tuple(a for a in range(x.ndim) if a not in keep)
            current = x.sum(axis=drop)
            free = np.isnan(target)
            factor = np.ones_like(current)
            fixed = ~free & (current > 0)
            factor[fixed] = target[fixed] / current[fixed]
            if free.any() and current[free].sum() > 0:
                left = x.sum() - np.nansum(np.where(current > 0, target, 0.0))
                factor[free] = max(left, 0.0) / current[free].sum()
            shape = [x.shape[a] if a in keep else 1 for a in range(x.ndim)]
            x *= factor.reshape(shape)
            moved = max(moved, float(np.abs(factor[current > 0] - 1.0).max(initial=0.0)))
        if moved <= tolerance:
            break
    return x


def _index(table: dict, year: int, f: int) -> float:
    if year == 2024:
        return 1.0
    year = min(max(year, YEARS[0]), YEARS[1])
    return table[year][f] if year in table else 1.0


@dataclass(frozen=True)
class Groups:
    """The product groups the fitting works on: A129 codes, B06Z split into crude and gas."""

    names: list[str]
    cpf4: list[list[int]]  # indices into Reference.products, per group

    @classmethod
    def of(cls, ref: Reference) -> Groups:
        names: list[str] = []
        members: dict[str, list[int]] = {}
        for i, (code, a129) in enumerate(ref.products):
            group = SPLIT_CPF4.get(code, a129)
            if group not in members:
                names.append(group)
                members[group] = []
            members[group].append(i)
        return cls(names=names, cpf4=[members[g] for g in names])


def national_products(year: int, flow: str, groups: Groups) -> np.ndarray:
    """Every product group's national value (bn€) for the year: energy from the SDES balances,
    published series as they are, sourced 2024 values moved by their index, and the invented
    ones scaled so that the groups add up to France's total."""
    f = cal.FLOWS.index(flow)
    y = min(max(year, YEARS[0]), YEARS[1])
    values = np.zeros(len(groups.names))
    fixed = np.zeros(len(groups.names), dtype=bool)
    for i, g in enumerate(groups.names):
        if g == "D35A":
            values[i], fixed[i] = cal.ELECTRICITY[y][f], True
        elif g in cal.ENERGY_BALANCE[y]:
            ratio = cal.ENERGY_EXPORT_RATIO[g]
            imports = -cal.ENERGY_BALANCE[y][g] / (1 - ratio)
            values[i], fixed[i] = (ratio * imports, imports)[f], True
        elif g in cal.PUBLISHED_SERIES and y in cal.PUBLISHED_SERIES[g]:
            values[i], fixed[i] = cal.PUBLISHED_SERIES[g][y][f], True
        else:
            *base, source = cal.PRODUCTS_2024.get(g, (0.01, 0.01, None))
            table = cal.PRODUCT_INDEX.get(g) or (
                cal.AGRIFOOD_INDEX if g in cal.AGRIFOOD
                else cal.METALS_INDEX if g in cal.METALS else cal.DEFAULT_INDEX
            )  # fmt: skip
            values[i] = base[f] * _index(table, y, f)
            fixed[i] = source is not None
    total = cal.FRANCE_TOTALS[y][f]
    free = values[~fixed].sum()
    values[~fixed] *= (total - values[fixed].sum()) / free
    return values


def partner_weights(ref: Reference, flow: str) -> np.ndarray:
    """France's partner mix (bn€ in 2024, sourced or invented; microstates nearly nothing)."""
    f = cal.FLOWS.index(flow)
    return np.array([
        cal.PARTNERS_2024[c][f] if c in cal.PARTNERS_2024
        else cal.MICROSTATE_PARTNER if c in cal.MICROSTATES else cal.MINOR_PARTNER
        for c in ref.countries
    ])  # fmt: skip


def affinity(ref: Reference, groups: Groups, flow: str, year: int) -> np.ndarray:
    """Who each product group is traded with: France's mix reshaped per product, energy from
    its suppliers (or to its clients), Russia's energy fading after 2022."""
    weights = partner_weights(ref, flow)
    col = {c: j for j, c in enumerate(ref.countries)}
    out = np.tile(weights, (len(groups.names), 1))
    for i, g in enumerate(groups.names):
        if g in cal.ENERGY_PARTNERS:
            out[i] = 0.0
            for c, w in cal.ENERGY_PARTNERS[g][flow].items():
                if c in col:
                    out[i, col[c]] = w
            if "RU" in col and year >= 2022:
                no_crude = g == "B06Z:0610" and year >= cal.RUSSIA_NO_CRUDE_FROM
                factor = 0.0 if no_crude else cal.RUSSIA_ENERGY.get(min(year, 2025), 0.3)
                out[i, col["RU"]] *= factor
        else:
            for c, m in cal.PRODUCT_PARTNERS.get(g, {}).get(flow, {}).items():
                if c in col:
                    out[i, col[c]] *= m
    return out / out.sum(axis=1, keepdims=True)


# The partners whose 2024 value is published for both flows or for the flow (S_DIPLO24, Trésor).
_PUBLISHED_PARTNERS = {
    "export": {"DE", "US", "IT", "BE", "ES", "GB", "CN", "NL", "CH", "PL", "JP", "KR", "IE"},
    "import": {"DE", "CN", "US", "BE", "IT", "ES", "NL", "GB", "CH", "PL", "JP", "KR", "IE"},
}


def partner_factors(ref: Reference, groups: Groups, flow: str) -> np.ndarray:
    """Column factors that make the 2024 product x partner table meet the published partner
    values (IPF with the product totals fixed); kept for every year."""
    f = cal.FLOWS.index(flow)
    prior = national_products(2024, flow, groups)[:, None] * affinity(ref, groups, flow, 2024)
    target = np.array([
        cal.PARTNERS_2024[c][f] if c in _PUBLISHED_PARTNERS[flow] else np.nan
        for c in ref.countries
    ])  # fmt: skip
    # the unpublished partners keep their share of what the published ones leave
    free = np.isnan(target)
    rest = prior.sum() - np.nansum(target)
    fitted = prior.copy()
    for _ in range(60):
        cols = fitted.sum(axis=0)
        factor = np.ones(len(cols))
        factor[~free] = target[~free] / cols[~free]
        factor[free] = rest / cols[free].sum()
        fitted *= factor
        fitted *= (prior.sum(axis=1) / fitted.sum(axis=1))[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        factors = fitted.sum(axis=0) / prior.sum(axis=0)
    return np.nan_to_num(factors, nan=1.0)


def national_table(ref: Reference, groups: Groups, flow: str, year: int,
                   factors: np.ndarray) -> np.ndarray:  # fmt: skip
    """National product x partner values (bn€) for the year."""
    shares = affinity(ref, groups, flow, year) * factors
    shares /= shares.sum(axis=1, keepdims=True)
    return national_products(year, flow, groups)[:, None] * shares


def _profile(code: str, region: str) -> dict:
    return cal.PROFILES.get(code) or cal.PROFILES.get(f"region:{region}") or {}


def _insee_region(code: str, dgddi_region: str) -> str:
    return _REGION_OF.get(code) or _DGDDI_TO_INSEE.get(dgddi_region, dgddi_region)


# DGDDI region codes of the annex -> INSEE region codes (ref_regions); overseas by département.
_DGDDI_TO_INSEE = {"01": "32", "03": "11", "04": "24", "05": "28", "07": "53", "08": "52",
                   "09": "75", "12": "76", "13": "44", "16": "27", "18": "84", "21": "93",
                   "22": "94"}  # fmt: skip
_REGION_OF = {"9A": "01", "9B": "02", "9C": "03", "9D": "04", "9E": "06"}


def department_totals(ref: Reference, groups: Groups, flow: str, year: int,
                      mixes: np.ndarray) -> np.ndarray:  # fmt: skip
    """Each département's total (euros, integers) for the year: its 2024 weight in its region,
    moved by its own product mix, fitted to the published totals of regions and France."""
    f = cal.FLOWS.index(flow)
    y = min(max(year, YEARS[0]), YEARS[1])
    codes = [d for d, _ in ref.departments]
    regions = [_insee_region(d, r) for d, r in ref.departments]
    weight = np.array([cal.DEPARTMENT_WEIGHTS.get(d, (1.0, 1.0))[f] for d in codes])
    base = np.zeros(len(codes))
    for r in set(regions):
        members = np.array([x == r for x in regions])
        base[members] = cal.REGIONS_2024[r][f] * weight[members] / weight[members].sum()
    national = national_products(2024, flow, groups)
    growth = national_products(y, flow, groups) / national
    # each département moves with its own mix of products, energy included
    energy = np.zeros_like(mixes)
    for i, g in enumerate(groups.names):
        if g in cal.ENERGY_PARTNERS:
            energy[:, i] = _energy_placement(ref, g, flow, y, base, national[i]) * national[i]
    rest = np.maximum(base - energy.sum(axis=1), 0.05 * base)
    shares = (energy + mixes * rest[:, None]) / (energy.sum(axis=1) + rest)[:, None]
    raw = base * (shares @ growth) * BN
    region_arr = np.array(regions)
    totals = np.zeros(len(codes), dtype=np.int64)
    fixed = np.zeros(len(codes), dtype=bool)
    published = {r: v[f] for (r, yr), v in cal.REGIONS_PUBLISHED.items()
                 if yr == y and v[f] is not None}  # fmt: skip
    targets = CALIBRATION_2024[flow] if y == 2024 else None
    for r, value in published.items():
        members = region_arr == r
        total = round(value * BN, -5)
        if targets is not None and r == "11":
            total = targets["IDF"]
            is_92 = members & (np.array(codes) == "92")
            totals[is_92] = targets["92"]
            members = members & ~is_92
            fixed |= is_92
            total -= targets["92"]
        totals[members] = split_exact(total, raw[members])
        fixed |= members
    france = targets["FR"] if targets else round(cal.FRANCE_TOTALS[y][f] * BN, -5)
    totals[~fixed] = split_exact(france - int(totals[fixed].sum()), raw[~fixed])
    return totals


@dataclass(frozen=True)
class Structure:
    """What does not change from year to year: groups, product mixes, partner multipliers."""

    groups: Groups
    mixes: dict[str, np.ndarray]  # flow -> département x group shares of the non-energy trade
    partners: dict[str, np.ndarray]  # flow -> département x country multipliers
    factors: dict[str, np.ndarray]  # flow -> partner factors of the 2024 fit
    keys: dict[str, np.ndarray]  # flow -> département x group x country draw keys (Exp(1))
    cpf4_weight: np.ndarray  # per CPF4 code, its weight within its group


def build_structure(ref: Reference, seed: int) -> Structure:
    groups = Groups.of(ref)
    codes = [d for d, _ in ref.departments]
    col = {c: j for j, c in enumerate(ref.countries)}
    gidx = {g: i for i, g in enumerate(groups.names)}
    mixes, partners, factors, keys = {}, {}, {}, {}
    for flow in cal.FLOWS:
        f = cal.FLOWS.index(flow)
        national = national_products(2024, flow, groups)
        mix = np.tile(national, (len(codes), 1))
        mult = np.ones((len(codes), len(ref.countries)))
        for d, (code, dgddi) in enumerate(ref.departments):
            region = _insee_region(code, dgddi)
            profile = _profile(code, region)
            for g, m in profile.get(flow, {}).items():
                if g in gidx:
                    mix[d, gidx[g]] *= m
            for c, m in profile.get("partners", {}).items():
                if c in col:
                    mult[d, col[c]] *= m
            for c in cal.NEIGHBOURS.get(code, ()):
                if c in col:
                    mult[d, col[c]] *= cal.NEIGHBOUR_BOOST
            if code in cal.OVERSEAS_PARTNERS:
                theirs = cal.OVERSEAS_PARTNERS[code]
                if flow == "export":
                    theirs = cal.OVERSEAS_EXPORT_PARTNERS.get(code, theirs)
                own = np.array([theirs.get(c, 0.0) for c in ref.countries])
                mult[d] = own / np.maximum(partner_weights(ref, flow), 1e-9) + 1e-6
        for g in cal.ENERGY_PARTNERS:  # energy is placed by the landing tables, not the mix
            if g in gidx:
                mix[:, gidx[g]] = 0.0
        mixes[flow] = mix / mix.sum(axis=1, keepdims=True)
        partners[flow] = mult
        factors[flow] = partner_factors(ref, groups, flow)
        draw = np.random.default_rng([seed, 21, f])
        keys[flow] = draw.exponential(1.0, (len(codes), len(groups.names), len(ref.countries)))
    structure_rng = np.random.default_rng([seed, 22])
    cpf4_weight = structure_rng.lognormal(0.0, 1.0, len(ref.products))
    return Structure(groups, mixes, partners, factors, keys, cpf4_weight)


def _energy_placement(ref: Reference, group: str, flow: str, year: int, totals: np.ndarray,
                      group_total: float) -> np.ndarray:  # fmt: skip
    """Each département's share of an energy group (where it lands or leaves)."""
    codes = [d for d, _ in ref.departments]
    share = np.zeros(len(codes))
    if group == "B06Z:0610":
        table = cal.CRUDE_DEPARTMENTS
    elif group == "B06Z:0620":
        table = {d: w for d, w in cal.GAS_DEPARTMENTS[flow].items()
                 if d not in cal.GAS_FROM_2023 or year >= 2023}  # fmt: skip
    elif group == "D35A":
        table = cal.ELECTRICITY_DEPARTMENTS
    elif group == "B05Z":
        table = {d: w for d, w in cal.COAL_DEPARTMENTS.items()
                 if flow == "import" or d not in cal.OVERSEAS_PARTNERS}  # fmt: skip
    else:  # refined products: overseas their own fuel, the refineries' ports, the rest by size
        own = cal.REFINED_OVERSEAS[flow]
        for d, code in enumerate(codes):
            share[d] = own.get(code, 0.0) * totals[d] / group_total
        mainland = np.array([d not in cal.OVERSEAS_PARTNERS for d in codes])
        left = 1.0 - share.sum()
        share += (
            np.where(mainland, totals, 0.0) / totals[mainland].sum() * cal.REFINED_SPREAD * left
        )
        weights = np.array([cal.REFINED_PORTS.get(d, 0.0) for d in codes])
        return share + weights / weights.sum() * (1 - cal.REFINED_SPREAD) * left
    weights = np.array([table.get(d, 0.0) for d in codes])
    return weights / weights.sum()


def fitted_cells(ref: Reference, st: Structure, flow: str, year: int,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(département totals in euros, département x group x country values in euros) for the
    year, fitted to the national table and the département totals."""
    groups = st.groups
    table = national_table(ref, groups, flow, year, st.factors[flow]) * BN
    totals = department_totals(ref, groups, flow, year, st.mixes[flow])
    energy = np.zeros((len(totals), len(groups.names)))
    for i, g in enumerate(groups.names):
        if g in cal.ENERGY_PARTNERS:
            group_total = table[i].sum()
            share = _energy_placement(ref, g, flow, year, totals.astype(float), group_total)
            energy[:, i] = share * group_total
    non_energy = np.maximum(totals - energy.sum(axis=1), totals * 0.05)
    by_group = energy + st.mixes[flow] * non_energy[:, None]
    partner_mix = st.partners[flow][:, None, :] * (table / np.maximum(
        table.sum(axis=1, keepdims=True), 1e-9))[None]  # fmt: skip
    codes = [d for d, _ in ref.departments]
    col = {c: j for j, c in enumerate(ref.countries)}
    if "B06Z:0620" in groups.names:  # gas by pipeline in Paris, LNG at the terminals
        i = groups.names.index("B06Z:0620")
        for d, code in enumerate(codes):
            allowed = (cal.GAS_PIPELINE_PARTNERS if code == cal.PIPELINE_DEPARTMENT
                       else cal.GAS_LNG_PARTNERS)  # fmt: skip
            partner_mix[d, i] *= np.array([c in allowed for c in col], dtype=float)
    sums = partner_mix.sum(axis=2, keepdims=True)
    partner_mix = np.divide(partner_mix, sums, out=np.zeros_like(partner_mix), where=sums > 0)
    prior = by_group[:, :, None] * partner_mix * rng.lognormal(0.0, 0.05, partner_mix.shape)
    cells = ipf(prior, [((1, 2), table), ((0,), totals.astype(float))])
    return totals, cells


def generate_flow(
    year: int,
    flow: str,
    ref: Reference,
    n_rows: int,
    rng: np.random.Generator,
    st: Structure,
) -> tuple[np.ndarray, ...]:
    """Rows of one flow: (quarter, dept index, product index, country index, value, mass).

    The fitted table has a value in every plausible cell; a file of `n_rows` lines keeps each
    département's largest cells and smaller ones drawn by weight (the same draw every year), and
    the kept cells are fitted again to the département totals and France's product and partner
    totals, so that what is dropped does not inflate what is kept.
    """
    totals, fitted = fitted_cells(ref, st, flow, year, rng)
    groups = st.groups
    n_cty = len(ref.countries)
    # the lines a cell makes are estimated before the last fit; 0.7 brings the count to n_rows
    rows_per_dep = split_exact(int(0.7 * n_rows), np.sqrt(totals / totals.mean()) + 0.5)
    n_cpf4 = np.repeat([len(m) for m in groups.cpf4], n_cty)
    kept = np.zeros_like(fitted)
    for d in range(len(totals)):
        chosen = _support(fitted[d], st.keys[flow][d].ravel(), n_cpf4, int(rows_per_dep[d]))
        kept[d].ravel()[chosen] = fitted[d].ravel()[chosen]
    table = national_table(ref, groups, flow, year, st.factors[flow]) * BN
    # the partners that weigh are fitted one by one, the small ones together
    partners = table.sum(axis=0)
    partners = np.where(partners >= 0.3 * BN, partners, np.nan)
    cells = ipf(kept, [((1,), table.sum(axis=1)), ((2,), partners),
                       ((0,), totals.astype(float))])  # fmt: skip
    price = _prices(ref, st, year)
    parts: list[tuple[np.ndarray, ...]] = []
    for d in range(len(totals)):
        flat = cells[d].ravel()
        chosen = np.flatnonzero(flat > 0)
        sizes = _cpf4_count(flat[chosen], n_cpf4[chosen])
        parts.append(_lines(d, chosen, sizes, flat[chosen], int(totals[d]), groups, st,
                            n_cty, price, rng))  # fmt: skip
    cols = tuple(np.concatenate([p[k] for p in parts]) for k in range(6))
    order = np.lexsort((cols[3], cols[2], cols[1], cols[0]))
    return tuple(c[order] for c in cols)


def _cpf4_count(values: np.ndarray, n_cpf4: np.ndarray) -> np.ndarray:
    """How many CPF4 codes a cell is split into: one below 2 M€, one more per factor of ten."""
    return np.clip(1 + np.floor(np.log10(np.maximum(values, 1.0) / 2e6)), 1, n_cpf4).astype(int)


def _support(values: np.ndarray, keys: np.ndarray, n_cpf4: np.ndarray, rows: int) -> np.ndarray:
    """The cells (group x country, flattened) a département's lines are drawn from: the largest
    cell of every group worth 2 % of its flow, then weighted sampling without replacement
    (exponential keys divided by the value: the largest cells come first), until the lines they
    make reach `rows`."""
    by_group = values.sum(axis=1)
    heads = [g * values.shape[1] + int(np.argmax(values[g]))
             for g in np.flatnonzero(by_group >= 0.02 * by_group.sum())]  # fmt: skip
    flat = values.ravel()
    candidates = np.flatnonzero(flat > 0)
    order = candidates[np.argsort(keys[candidates] / flat[candidates])]
    order = np.concatenate([heads, order[~np.isin(order, heads)]]).astype(int)
    v = flat[order]
    lines = _cpf4_count(v, n_cpf4[order]) * np.where(v > 2e5, 4, np.where(v > 2e4, 3, 2))
    take = max(len(heads), int(np.searchsorted(np.cumsum(lines), rows)))
    return order[:take]


def _prices(ref: Reference, st: Structure, year: int) -> np.ndarray:
    """Value per kg of each CPF4 code this year (energy moves with its prices)."""
    draw = np.random.default_rng([23])
    price = draw.lognormal(1.5, 1.2, len(ref.products))
    energy = cal.ENERGY_PRICE[min(max(year, YEARS[0]), YEARS[1])]
    for g, members in zip(st.groups.names, st.groups.cpf4, strict=True):
        if g in PRICE_PER_KG:
            price[members] = PRICE_PER_KG[g]
        if g in cal.ENERGY_PARTNERS:
            price[members] *= energy
    return price


def _lines(d, chosen, sizes, values, total, groups, st, n_cty, price, rng):
    """The customs lines of one département: each chosen cell split into its CPF4 codes (the
    heaviest of its group) and its quarters, values adding up to `total` exactly."""
    prods, ctys, weights = [], [], []
    for cell, size, value in zip(chosen.tolist(), sizes.tolist(), values.tolist(), strict=True):
        members = groups.cpf4[cell // n_cty]
        w = st.cpf4_weight[members]
        top = np.argsort(-w)[:size]
        prods.extend(members[k] for k in top)
        ctys.extend([cell % n_cty] * size)
        weights.extend((value * w[top] / w[top].sum()).tolist())
    prods_a, ctys_a, base = np.array(prods), np.array(ctys), np.array(weights)
    # quarters: large lines trade every quarter, small ones now and then
    n_q = np.where(base > 2e5, 4, np.where(base > 2e4, 3, np.where(base > 2e3, 2, 1)))
    present = rng.random((len(base), 4)).argsort(axis=1) < n_q[:, None]
    li, qi = np.nonzero(present)
    line_values = split_exact(total, base[li] * rng.uniform(0.85, 1.15, len(li)))
    mass = np.where(
        price[prods_a[li]] > 0,
        np.round(line_values / np.maximum(price[prods_a[li]], 1e-9)
                 * rng.lognormal(0, 0.2, len(li))),
        0,
    ).astype(np.int64)  # fmt: skip
    return (qi + 1, np.full(len(li), d), prods_a[li], ctys_a[li], line_values, mass)


def data_file_text(year: int, flow: str, ref: Reference, rows: tuple[np.ndarray, ...]) -> str:
    quarter, dep, prod, cty, value, mass = rows
    code = FLOW_CODES[flow]
    deps = [f"{d};{r}" for d, r in ref.departments]
    prods = [f"{a};{c}" for c, a in ref.products]
    buf = io.StringIO()
    for q, d, p, c, v, m in zip(
        quarter.tolist(),
        dep.tolist(),
        prod.tolist(),
        cty.tolist(),
        value.tolist(),
        mass.tolist(),
        strict=True,
    ):
        buf.write(f"{code};{q};{year};{deps[d]};{prods[p]};{ref.countries[c]};{v};{m}\r\n")
    return buf.getvalue()


def write_archives(year: int, out_dir: Path, scale: str = "sample", seed: int = 0) -> list[Path]:
    """Write `SYNTH-Regional-<year>-export.zip` and `-import.zip` into `out_dir`; deterministic."""
    if scale not in ROWS_PER_FLOW:
        raise ValueError(f"unknown scale {scale!r}: expected one of {sorted(ROWS_PER_FLOW)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    ref = load_reference(year)
    structure = build_structure(ref, seed)
    rng = np.random.default_rng([seed, year])
    paths = []
    for flow in ("export", "import"):
        rows = generate_flow(year, flow, ref, ROWS_PER_FLOW[scale], rng, structure)
        path = out_dir / f"SYNTH-Regional-{year}-{flow}.zip"
        with (
            files.atomic_path(path) as tmp,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
        ):
            zf.writestr(_zinfo(DATA_MEMBER[flow]), data_file_text(year, flow, ref, rows))
            for name in ANNEXES:
                zf.writestr(_zinfo(name), (REFERENCE_DIR / name).read_bytes())
            zf.writestr(
                _zinfo("SYNTHETIC-LISEZ-MOI.txt"),
                "DONNÉES SYNTHÉTIQUES / SYNTHETIC DATA.\r\n"
                f"Generated by territorial-trade (year {year}, scale {scale}, seed {seed}).\r\n"
                "Layout and annexes are official; the figures are synthetic, calibrated on\r\n"
                "published totals (see docs/data-source.md); no line is a real declaration.\r\n",
            )
        paths.append(path)
    return paths


def _zinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # fixed: byte-identical output
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
