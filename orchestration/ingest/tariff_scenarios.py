"""Tariff scenarios: a CSV of rates by scenario, partner and product, checked line by line and
loaded into `raw.tariff_scenarios` (replaced whole, in one transaction).

Columns: scenario_id, scenario_label, partner_code, product_code, rate, source, note.
`product_code` is `*` (all goods), an A129 code or a CPF4 code; `rate` a fraction (0.15 = 15 %).
For a partner named in a scenario, a product's rate is that of its CPF4 line, else of its A129
line, else of `*`, else 0 (the marts `tariff_exposure_products` and `tariff_exposure` apply it).
The shipped file (`reference/tariffs/tariff_scenarios.csv`) holds the US duties on EU goods as
they apply after the EU-US joint statement of 21 August 2025 and uniform 10 % and 25 % rates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.customs.labels import decode_label_bytes, parse_code_labels

COLUMNS = ["scenario_id", "scenario_label", "partner_code", "product_code", "rate", "source",
           "note"]  # fmt: skip
MAX_RATE = 5.0  # 500 %: above it a rate is a typing error (a percent written as a fraction)
REFERENCE = Path(__file__).parent.parent / "reference"
SHIPPED = REFERENCE / "tariffs" / "tariff_scenarios.csv"


class TariffScenarioError(ValueError):
    """A scenario file refused: the message names the file, the line and the value."""


@dataclass(frozen=True)
class TariffLine:
    scenario_id: str
    scenario_label: str
    partner_code: str
    product_code: str
    rate: float
    source: str
    note: str
    line: int = 0  # its line in the file (the first scenario of the file is the fiche's)


@dataclass(frozen=True)
class KnownCodes:
    partners: frozenset[str]
    a129: frozenset[str]
    cpf4: frozenset[str]


def known_codes() -> KnownCodes:
    """The codes a scenario may name: those of the customs label files shipped with the project
    (every country, A129 and CPF4 code the customs use)."""
    folder = REFERENCE / "customs"

    def codes(name: str) -> frozenset[str]:
        return frozenset(
            label.code for label in parse_code_labels((folder / name).read_bytes(), name)
        )

    return KnownCodes(codes("Libelle_PAYS.txt"), codes("Libelle_A129.txt"),
                      codes("Libelle_CPF4_rev2.1.txt"))  # fmt: skip


def parse_scenarios(raw: bytes, source: str, known: KnownCodes) -> list[TariffLine]:
    """The lines of a scenario file, or TariffScenarioError naming the first bad line and value:
    a missing column, an unknown partner or product code, a rate that is not a number between 0
    and 5, a scenario's (partner, product) given twice, a scenario with two labels."""
    try:
        text, _ = decode_label_bytes(raw)
    except UnicodeDecodeError as error:  # neither UTF-8 nor Windows-1252 (bytes 0x81, 0x8d…)
        line = raw[: error.start].count(b"\n") + 1
        raise TariffScenarioError(
            f"{source}: line {line}: byte 0x{raw[error.start]:02x} (offset {error.start}) is "
            "neither UTF-8 nor Windows-1252: save the file as UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TariffScenarioError(f"{source}: line 1: missing column(s) {', '.join(missing)} "
                                  f"(expected {', '.join(COLUMNS)})")  # fmt: skip
    # a column given twice would be read from its last occurrence, one not known ignored
    repeated = sorted({name for name in header if header.count(name) > 1})
    unknown = [name for name in header if name not in COLUMNS]
    if repeated or unknown:
        what = (f"column(s) given twice: {', '.join(repeated)}" if repeated
                else f"unknown column(s): {', '.join(map(repr, unknown))}")  # fmt: skip
        raise TariffScenarioError(f"{source}: line 1: {what} (expected each of "
                                  f"{', '.join(COLUMNS)} once)")  # fmt: skip
    lines: list[TariffLine] = []
    seen: dict[tuple[str, str, str], int] = {}
    labels: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        where = f"{source}: line {number}"
        if None in row or None in row.values():  # more, or fewer, values than the header's
            given = len(header) + len(row.get(None) or []) - sum(v is None for v in row.values())
            raise TariffScenarioError(f"{where}: {given} values where the header names "
                                      f"{len(header)} columns")  # fmt: skip
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not values["scenario_id"]:
            raise TariffScenarioError(f"{where}: empty scenario_id")
        partner, product = values["partner_code"].upper(), values["product_code"].upper()
        if partner not in known.partners:
            raise TariffScenarioError(f"{where}: unknown partner_code {values['partner_code']!r} "
                                      "(a country code of the customs, such as US)")  # fmt: skip
        if product != "*" and product not in known.a129 and product not in known.cpf4:
            raise TariffScenarioError(
                f"{where}: unknown product_code {values['product_code']!r} "
                "(* for all goods, an A129 code such as C30C or a CPF4 code such as 2410)"
            )
        try:
            rate = float(values["rate"].replace(",", "."))
        except ValueError:
            raise TariffScenarioError(f"{where}: rate {values['rate']!r} is not a number") from None
        if not 0 <= rate <= MAX_RATE:
            raise TariffScenarioError(f"{where}: rate {values['rate']!r} outside 0-{MAX_RATE:g} "
                                      "(a fraction: 0.15 for 15 %)")  # fmt: skip
        key = (values["scenario_id"], partner, product)
        if key in seen:
            raise TariffScenarioError(f"{where}: scenario {key[0]!r}, partner {partner}, product "
                                      f"{product} already given at line {seen[key]}")  # fmt: skip
        seen[key] = number
        label = labels.setdefault(values["scenario_id"], values["scenario_label"])
        if label != values["scenario_label"]:
            raise TariffScenarioError(f"{where}: scenario {key[0]!r} has another label "
                                      f"{values['scenario_label']!r} (was {label!r})")  # fmt: skip
        lines.append(TariffLine(values["scenario_id"], values["scenario_label"], partner, product,
                                rate, values["source"], values["note"], number))  # fmt: skip
    if not lines:
        raise TariffScenarioError(f"{source}: no scenario line")
    return lines


def read_scenarios(path: Path, known: KnownCodes | None = None) -> list[TariffLine]:
    """A scenario file from disk (UTF-8 or the customs' Latin-1), checked."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TariffScenarioError(f"{path}: cannot read ({error.strerror})") from None
    return parse_scenarios(raw, str(path), known or known_codes())


def load_scenarios(db_path: Path, lines: list[TariffLine], file: str) -> int:
    """Replace `raw.tariff_scenarios` with `lines` in one transaction: a reader sees the old
    scenarios or the new ones, never a mix."""
    with duckdb.connect(str(db_path)) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS raw")
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "CREATE OR REPLACE TABLE raw.tariff_scenarios (scenario_id VARCHAR NOT NULL, "
            "scenario_label VARCHAR NOT NULL, partner_code VARCHAR NOT NULL, "
            "product_code VARCHAR NOT NULL, rate DOUBLE NOT NULL, source VARCHAR, note VARCHAR, "
            "source_file VARCHAR, line_number INTEGER NOT NULL, "
            "PRIMARY KEY (scenario_id, partner_code, product_code))"
        )
        con.executemany(
            "INSERT INTO raw.tariff_scenarios VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    t.scenario_id,
                    t.scenario_label,
                    t.partner_code,
                    t.product_code,
                    t.rate,
                    t.source,
                    t.note,
                    file,
                    t.line,
                )
                for t in lines
            ],
        )
        con.execute("COMMIT")
    return len(lines)
