"""Generate a synthetic year of departmental customs data, in the exact official layout.

SYNTHETIC DATA. The archives are named `SYNTH-Regional-<year>-<flow>.zip` and carry the vintage
`SYNTH`; the figures are invented. What is real: the layout (headerless ten-field `;` file by
quarter), the annex files (shipped byte for byte, in their real encodings), the 101 département
codes with their DGDDI region codes, the CPF4 -> A129 pairs, and the country codes valid for the
year. Values are heavy-tailed, product x country combinations sparse, and each département has
its own product and partner mix, so that rankings differ between départements.

For 2024 the totals are calibrated on the published figures of the reference fiche: Hauts-de-Seine,
Île-de-France and France add up, in euros, to exactly the published values in millions of euros
(so they round to them), and the demo reproduces the reference headline numbers.

Coherent series over the years (2015 to the last year): what makes an area (its size, its
products, its partners) is drawn from the seed alone, the same every year; a year only moves it.
France follows a national index shaped like the published totals (the 2020 fall, the 2022 peak of
energy prices: rounded, invented at the euro); each département drifts on its own trend; energy
products (A129 B05Z, B06Z, C19Z, D35A, D35B) follow an energy-price index and are imported mostly
through the port départements (76, 13, 44, 59, 33), Corsica and overseas. The sizes of the largest
départements and of the overseas ones are plausible orders of magnitude, not published figures.
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
IDF_DGDDI_REGION = "03"

# Large partners get a head start in the gravity weights, per flow (invented but plausible:
# Germany first both ways, China a larger supplier than customer).
_BIG_PARTNERS = {
    "export": {
        "DE": 60, "BE": 45, "IT": 40, "ES": 40, "US": 38, "NL": 30, "GB": 28, "CN": 18, "CH": 22,
        "PL": 12, "JP": 8, "SG": 6, "KR": 6, "TR": 6, "IN": 6, "PT": 8, "SE": 6, "AT": 6,
        "IE": 7, "CZ": 5, "DZ": 5, "MA": 6, "NO": 5, "AE": 5, "CA": 5, "BR": 4, "SA": 4, "TN": 4,
    },
    "import": {
        "DE": 70, "BE": 40, "NL": 36, "IT": 38, "ES": 36, "CN": 38, "US": 32, "GB": 18, "CH": 16,
        "PL": 10, "IE": 10, "JP": 6, "KR": 5, "TR": 6, "IN": 5, "PT": 7, "SE": 5, "AT": 5,
        "CZ": 6, "MA": 5, "TN": 4, "VN": 5, "TW": 4, "TH": 3, "BD": 3,
    },
}  # fmt: skip
# Where the energy imports of France land: the ports and refineries, Corsica and overseas.
_PORT_DEPARTMENTS = {"76", "13", "44", "59", "33"}
# Energy suppliers of France (invented weights, plausible names); RU fades after 2022.
_ENERGY_PARTNERS = {
    "NO": 30, "US": 25, "DZ": 12, "NG": 10, "KZ": 10, "SA": 10, "LY": 8, "GB": 8, "NL": 8,
    "BE": 8, "IQ": 6, "AZ": 6, "QA": 6, "RU": 10,
}  # fmt: skip
ENERGY_A129 = {"B05Z", "B06Z", "C19Z", "D35A", "D35B"}
# National totals relative to 2024 (rounded shape of the published series), and energy prices.
_NATIONAL_INDEX = {  # year: (exports, imports, energy prices)
    2015: (0.76, 0.75, 0.85), 2016: (0.755, 0.745, 0.70), 2017: (0.79, 0.785, 0.80),
    2018: (0.82, 0.815, 0.95), 2019: (0.85, 0.83, 0.90), 2020: (0.715, 0.725, 0.55),
    2021: (0.835, 0.86, 0.85), 2022: (0.98, 1.10, 1.90), 2023: (1.005, 1.03, 1.30),
    2024: (1.0, 1.0, 1.0), 2025: (0.99, 0.99, 0.90),
}  # fmt: skip
# Trade of the largest départements and of the overseas ones, in bn€ (exports, imports) in 2024:
# plausible orders of magnitude (aerospace in 31, ports in 13 and 76...), not published figures.
# The others are drawn around 2.5 bn€ from the seed.
_DEPARTMENT_SIZE = {
    "31": (30, 14), "13": (20, 38), "59": (24, 36), "69": (18, 22), "76": (17, 32),
    "75": (21, 45), "78": (14, 16), "94": (11, 18), "95": (9, 14), "91": (9, 11), "77": (8, 13),
    "93": (8, 16), "67": (13, 14), "57": (10, 11), "68": (10, 10), "44": (11, 18), "38": (10, 8),
    "33": (9, 11), "62": (9, 10), "60": (7, 8), "45": (6, 7), "27": (6, 5), "28": (6, 5),
    "51": (6, 3), "35": (5, 6), "63": (5, 3), "25": (5, 4), "74": (5, 4), "01": (5, 5),
    "64": (5, 4), "16": (3, 1.5), "06": (3, 4), "34": (3, 5), "54": (4, 4), "49": (4, 4),
    "72": (4, 3), "20": (0.2, 1.6), "99": (0.5, 0.6), "9A": (0.25, 2.8), "9B": (0.35, 2.9),
    "9C": (0.5, 1.6), "9D": (0.4, 5.5), "9E": (0.02, 0.6),
}  # fmt: skip
# Share of energy in a département's trade in 2024 (before the price index): (exports, imports)
_ENERGY_SHARE = {"76": (0.20, 0.55), "13": (0.15, 0.45), "44": (0.10, 0.40), "59": (0.03, 0.18),
                 "33": (0.03, 0.15), "20": (0.0, 0.30), "9A": (0.0, 0.25), "9B": (0.05, 0.30),
                 "9C": (0.0, 0.25), "9D": (0.0, 0.25), "9E": (0.0, 0.25)}  # fmt: skip
_OTHER_ENERGY_SHARE = (0.004, 0.02)
# Sectors that weigh heavily in French trade.
_BIG_SECTORS = {
    "C30C": 12, "C21Z": 8, "C29A": 8, "C20B": 6, "C11Z": 5, "C19Z": 6, "B06Z": 6, "C20A": 5,
    "C26A": 3, "C28A": 3, "C29B": 3, "C27B": 3, "C32A": 3, "C14Z": 3, "C10H": 2,
}  # fmt: skip


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
        countries=[*sorted(c for c in countries if c != "FR"), "FR"],
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


def _national_index(year: int) -> tuple[float, float, float]:
    return _NATIONAL_INDEX.get(year, _NATIONAL_INDEX[min(max(year, 2015), 2025)])


def _year_targets(year: int, rng: np.random.Generator) -> dict[str, dict[str, int]]:
    """The calibrated totals of 2024, moved by the national index (and a slow drift of the
    Hauts-de-Seine and Île-de-France shares) for the other years."""
    if year == 2024:
        return CALIBRATION_2024
    index = _national_index(year)
    drift = {"92": 0.006, "IDF": -0.004, "FR": 0.0}  # share change per year, relative
    return {
        flow: {k: round(v * index[f] * (1 + drift[k] * (year - 2024)), -5) for k, v in t.items()}
        for f, (flow, t) in enumerate(CALIBRATION_2024.items())
    }


def _distinct_pairs(
    rng: np.random.Generator, p_weights: np.ndarray, c_weights: np.ndarray, n: int
) -> np.ndarray:
    """`n` distinct (product, country) pairs drawn by weight, encoded product * n_cty + country.

    Heavy-tailed weights make draws collide: draw in rounds until `n` distinct pairs are found.
    """
    n_cty = len(c_weights)
    p_prob, c_prob = p_weights / p_weights.sum(), c_weights / c_weights.sum()
    found = np.zeros(0, dtype=np.int64)
    for _ in range(50):
        need = n - len(found)
        if need <= 0:
            break
        draw = max(64, need * 2)
        pairs = rng.choice(len(p_prob), size=draw, p=p_prob) * n_cty + rng.choice(
            n_cty, size=draw, p=c_prob
        )
        found = np.concatenate([found, pairs])
        _, first = np.unique(found, return_index=True)
        found = found[np.sort(first)]  # distinct, in the order drawn
    return np.sort(found[:n])


def _department_weights(ref: Reference, flow: str, year: int, seed: int) -> np.ndarray:
    """Each département's weight in its group this year: its size (stable, from the seed), its
    own trend, the energy price index on its energy share, a little yearly noise."""
    f = 0 if flow == "export" else 1
    structure = np.random.default_rng([seed, 17, f])
    n = len(ref.departments)
    drawn = structure.lognormal(np.log(2.5), 0.6, n)
    trend = structure.normal(0.0, 0.015, n)
    noise = np.random.default_rng([seed, 18, f, year]).lognormal(0.0, 0.03, n)
    energy = _national_index(year)[2]
    weights = np.zeros(n)
    for i, (code, _) in enumerate(ref.departments):
        size = _DEPARTMENT_SIZE.get(code, (drawn[i], drawn[i]))[f]
        share = _ENERGY_SHARE.get(code, _OTHER_ENERGY_SHARE)[f]
        weights[i] = size * (1 + trend[i]) ** (year - 2024) * (1 - share + share * energy)
    return weights * noise


def _energy_share(code: str, flow: str, year: int) -> float:
    """The energy share of a département's flow this year (its 2024 share moved by prices)."""
    share = _ENERGY_SHARE.get(code, _OTHER_ENERGY_SHARE)[0 if flow == "export" else 1]
    energy = _national_index(year)[2]
    return share * energy / (1 - share + share * energy)


def generate_flow(
    year: int,
    flow: str,
    ref: Reference,
    n_rows: int,
    rng: np.random.Generator,
    targets: dict,
    seed: int = 0,
) -> tuple[np.ndarray, ...]:
    """Rows of one flow: (quarter, dept index, product index, country index, value, mass).

    What a département trades and with whom comes from generators seeded by (seed, flow,
    département): the same every year. `rng` (seeded by the year too) moves the year.
    """
    f = 0 if flow == "export" else 1
    n_dep, n_prod, n_cty = len(ref.departments), len(ref.products), len(ref.countries)
    structure = np.random.default_rng([seed, 19, f])
    prod_w = structure.lognormal(0.0, 1.4, n_prod)
    for i, (_, a129) in enumerate(ref.products):
        prod_w[i] *= _BIG_SECTORS.get(a129, 1)
    cty_w = structure.lognormal(-1.5, 1.6, n_cty)
    for i, code in enumerate(ref.countries):
        cty_w[i] += _BIG_PARTNERS[flow].get(code, 0)
    energy_cty_w = np.array([_ENERGY_PARTNERS.get(c, 0.05) for c in ref.countries], dtype=float)
    if year >= 2022 and "RU" in ref.countries:  # the embargo on Russian oil
        energy_cty_w[ref.countries.index("RU")] = 0.5
    price_per_kg = structure.lognormal(1.5, 1.2, n_prod)
    is_energy = np.array([a129 in ENERGY_A129 for _, a129 in ref.products])

    # Département totals: the three calibration groups, split by weight.
    dep_w = _department_weights(ref, flow, year, seed)
    dep_codes = [d for d, _ in ref.departments]
    in_idf = np.array([r == IDF_DGDDI_REGION for _, r in ref.departments])
    is_92 = np.array([d == "92" for d in dep_codes])
    dep_total = np.zeros(n_dep, dtype=np.int64)
    dep_total[is_92] = targets["92"]
    others_idf = in_idf & ~is_92
    dep_total[others_idf] = split_exact(targets["IDF"] - targets["92"], dep_w[others_idf])
    dep_total[~in_idf] = split_exact(targets["FR"] - targets["IDF"], dep_w[~in_idf])

    rows_per_dep = split_exact(n_rows, np.sqrt(dep_w / dep_w.mean()) + 0.3)
    parts: list[tuple[np.ndarray, ...]] = []
    for d in range(n_dep):
        # The département's own mix, the same every year: global weights times its own draw.
        local = np.random.default_rng([seed, 20, f, d])
        p_local = prod_w * local.lognormal(0.0, 1.1, n_prod)
        c_local = cty_w * local.lognormal(0.0, 0.5, n_cty)
        share = _energy_share(dep_codes[d], flow, year)
        n_combos = min(n_prod * n_cty // 2, max(2, round(rows_per_dep[d] / 2.5)))
        n_energy = max(2, round(n_combos * 0.04)) if share > 0 else 0
        groups = []
        for energy, n_group, total in (
            (True, n_energy, round(int(dep_total[d]) * share)),
            (False, n_combos - n_energy, int(dep_total[d]) - round(int(dep_total[d]) * share)),
        ):
            if n_group <= 0 or total <= 0:
                continue
            mask = is_energy if energy else ~is_energy
            countries = c_local * (energy_cty_w if energy else 1.0)
            combos = _distinct_pairs(local, np.where(mask, p_local, 0.0), countries, n_group)
            base = (p_local[combos // n_cty] * countries[combos % n_cty]
                    * local.lognormal(0.0, 0.7, len(combos)))  # fmt: skip
            groups.append((combos, base * rng.lognormal(0.0, 0.12, len(combos)), total))
        for combos, base, total in groups:
            prods, ctys = combos // n_cty, combos % n_cty
            # Quarters: large combinations trade every quarter, small ones now and then.
            rank = np.argsort(np.argsort(-base)) / max(1, len(combos) - 1)
            n_q = np.clip(4 - np.floor(rank * 4 * rng.uniform(0.6, 1.4, len(combos))), 1, 4)
            present = rng.random((len(combos), 4)).argsort(axis=1) < n_q[:, None]
            ci, qi = np.nonzero(present)
            weights = base[ci] * rng.uniform(0.8, 1.2, len(ci))
            values = split_exact(total, weights)
            mass = np.maximum(
                0, np.round(values / price_per_kg[prods[ci]] * rng.lognormal(0, 0.3, len(ci)))
            ).astype(np.int64)
            parts.append((qi + 1, np.full(len(ci), d), prods[ci], ctys[ci], values, mass))
    cols = tuple(np.concatenate([p[k] for p in parts]) for k in range(6))
    order = np.lexsort((cols[3], cols[2], cols[1], cols[0]))
    return tuple(c[order] for c in cols)


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
    rng = np.random.default_rng([seed, year])
    targets = _year_targets(year, rng)
    paths = []
    for flow in ("export", "import"):
        rows = generate_flow(year, flow, ref, ROWS_PER_FLOW[scale], rng, targets[flow], seed)
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
                "Layout and annexes are official; every figure is invented.\r\n",
            )
        paths.append(path)
    return paths


def _zinfo(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # fixed: byte-identical output
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info
