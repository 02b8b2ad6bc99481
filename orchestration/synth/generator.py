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

# Large partners get a head start in the gravity weights (invented but plausible).
_BIG_PARTNERS = {
    "DE": 60, "BE": 45, "IT": 40, "ES": 40, "US": 38, "NL": 30, "GB": 28, "CN": 30, "CH": 22,
    "PL": 12, "JP": 8, "SG": 6, "KR": 6, "TR": 6, "IN": 6, "PT": 8, "SE": 6, "AT": 6, "IE": 7,
    "CZ": 5, "DZ": 5, "MA": 6, "NO": 5, "AE": 5, "CA": 5, "BR": 4, "SA": 4, "TN": 4, "RU": 2,
}  # fmt: skip
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


def _year_targets(year: int, rng: np.random.Generator) -> dict[str, dict[str, int]]:
    if year == 2024:
        return CALIBRATION_2024
    growth = (1 + 0.035 * (year - 2024)) * float(rng.uniform(0.97, 1.03))
    return {
        flow: {k: round(v * growth * float(rng.uniform(0.98, 1.02)), -5) for k, v in t.items()}
        for flow, t in CALIBRATION_2024.items()
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


def generate_flow(
    year: int, flow: str, ref: Reference, n_rows: int, rng: np.random.Generator, targets: dict
) -> tuple[np.ndarray, ...]:
    """Rows of one flow: (quarter, dept index, product index, country index, value, mass)."""
    n_dep, n_prod, n_cty = len(ref.departments), len(ref.products), len(ref.countries)
    dep_w = rng.lognormal(0.0, 1.1, n_dep)
    prod_w = rng.lognormal(0.0, 1.4, n_prod)
    for i, (_, a129) in enumerate(ref.products):
        prod_w[i] *= _BIG_SECTORS.get(a129, 1)
    cty_w = rng.lognormal(-1.5, 1.6, n_cty)
    for i, code in enumerate(ref.countries):
        cty_w[i] += _BIG_PARTNERS.get(code, 0)
    price_per_kg = rng.lognormal(1.5, 1.2, n_prod)

    # Département totals: the three calibration groups, split by weight.
    dep_codes = [d for d, _ in ref.departments]
    in_idf = np.array([r == IDF_DGDDI_REGION for _, r in ref.departments])
    is_92 = np.array([d == "92" for d in dep_codes])
    dep_total = np.zeros(n_dep, dtype=np.int64)
    dep_total[is_92] = targets["92"]
    others_idf = in_idf & ~is_92
    dep_total[others_idf] = split_exact(targets["IDF"] - targets["92"], dep_w[others_idf])
    dep_total[~in_idf] = split_exact(targets["FR"] - targets["IDF"], dep_w[~in_idf])

    rows_per_dep = split_exact(n_rows, np.sqrt(dep_w) + 0.3)
    parts: list[tuple[np.ndarray, ...]] = []
    for d in range(n_dep):
        # Each département its own mix: global weights times a local perturbation.
        p_local = prod_w * rng.lognormal(0.0, 1.1, n_prod)
        c_local = cty_w * rng.lognormal(0.0, 0.9, n_cty)
        n_combos = min(n_prod * n_cty // 2, max(1, round(rows_per_dep[d] / 2.5)))
        combos = _distinct_pairs(rng, p_local, c_local, n_combos)
        prods, ctys = combos // n_cty, combos % n_cty
        base = p_local[prods] * c_local[ctys] * rng.lognormal(0.0, 1.3, len(combos))
        # Quarters: large combinations trade every quarter, small ones now and then.
        rank = np.argsort(np.argsort(-base)) / max(1, len(combos) - 1)
        n_q = np.clip(4 - np.floor(rank * 4 * rng.uniform(0.6, 1.4, len(combos))), 1, 4)
        present = rng.random((len(combos), 4)).argsort(axis=1) < n_q[:, None]
        ci, qi = np.nonzero(present)
        weights = base[ci] * rng.uniform(0.5, 1.5, len(ci))
        values = split_exact(int(dep_total[d]), weights)
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
        rows = generate_flow(year, flow, ref, ROWS_PER_FLOW[scale], rng, targets[flow])
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
