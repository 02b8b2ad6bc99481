"""The customs data file format: one line, ten `;` fields, checked by pure functions.

`Flux;Trimestre;Année;Code département;Code région;Code A129;Code CPF4;Code pays;Valeur;Masse`
No header; every code is text (`01`, `9A`); Valeur in whole euros, Masse in kilograms.
"""

from __future__ import annotations

import re
from pathlib import Path

FIELDS = (
    "flow",
    "quarter",
    "year",
    "department_code",
    "dgddi_region_code",
    "a129_code",
    "cpf4_code",
    "country_code",
    "value_eur",
    "mass_kg",
)
N_FIELDS = len(FIELDS)
FLOWS = ("E", "I")
_INT = re.compile(r"-?\d+")
BIGINT_MAX = 2**63 - 1  # the warehouse stores euros and kilograms as 64-bit integers
# No real line comes near 10^12 (a thousand billion) euros or kilograms: France's exports of a
# whole year are about 6 x 10^11 EUR, its imports of a year about 3 x 10^11 kg. A line at or
# above it is a corrupted file (docs/reliability.md), refused before it reaches the sums.
PLAUSIBLE_BOUND = 10**12


_A129 = re.compile(r"[A-Z]\d{2}[A-Z]")
_CPF4 = re.compile(r"\d{4}")


def looks_like_data_line(line: str) -> bool:
    """True for a line of a regional data file: ten `;` fields, the first `E` or `I`.

    The national file (`NATIONAL_NC8PAYSE.txt`) also has ten fields starting with E or I; it is
    told apart by its sixth field, an NC8 code, where the regional file has an A129 code.
    """
    fields = split_line(line.lstrip("\ufeff"))
    return (
        len(fields) == N_FIELDS
        and fields[0] in FLOWS
        and bool(_A129.fullmatch(fields[5]))
        and bool(_CPF4.fullmatch(fields[6]))
    )


def split_line(line: str) -> list[str]:
    """A line's fields; one trailing `;` (an empty eleventh field) is accepted and dropped."""
    fields = line.rstrip("\r\n").split(";")
    if len(fields) == N_FIELDS + 1 and fields[-1] == "":
        fields.pop()
    return fields


def line_problem(line: str, year: int, departments: frozenset[str] = frozenset()) -> str | None:
    """Why a data line is invalid for a load of `year`, or None if it is valid.

    `departments`, when given, are the département codes the warehouse knows; any other code is
    refused here, since the marts could not place its lines.
    """
    fields = split_line(line)
    if len(fields) != N_FIELDS:
        return f"expected {N_FIELDS} fields, found {len(fields)}"
    flow, quarter, line_year = fields[0], fields[1], fields[2]
    if flow not in FLOWS:
        return f"unknown flow {flow!r} (expected E or I)"
    if quarter not in ("1", "2", "3", "4"):
        return f"quarter {quarter!r} outside 1-4"
    if line_year != str(year):
        return f"year {line_year!r} is not the requested year {year}"
    for name, value in zip(FIELDS[3:8], fields[3:8], strict=True):
        if not value:
            return f"empty {name}"
    if not _INT.fullmatch(fields[8]):
        return f"value {fields[8]!r} is not an integer number of euros"
    if fields[9] and not _INT.fullmatch(fields[9]):
        return f"mass {fields[9]!r} is not an integer number of kilograms"
    for name, value in (("value", fields[8]), ("mass", fields[9])):
        if value and abs(int(value)) > BIGINT_MAX:
            return f"{name} {value} is beyond the 64-bit integer range"
    for name, value, unit in (("value", fields[8], "EUR"), ("mass", fields[9], "kg")):
        if value and abs(int(value)) >= PLAUSIBLE_BOUND:
            return (f"{name} {int(value):,} {unit} is not plausible for one line (the bound is "
                    f"{PLAUSIBLE_BOUND:,} {unit}, more than France trades in a year)")  # fmt: skip
    if departments and fields[3] not in departments:
        return (
            f"unknown département code {fields[3]!r} (not among the {len(departments)} codes "
            "of dbt_project/seeds/ref_departments.csv)"
        )
    return None


def _ending(line: str) -> str:
    return "CRLF" if line.endswith("\r\n") else "LF" if line.endswith("\n") else ""


def first_bad_line(
    path: Path, year: int, encoding: str = "utf-8", departments: frozenset[str] = frozenset()
) -> tuple[int, str, str] | None:
    """The first invalid line of a data file: (line number, reason, content), or None.

    Used on the error path of a load to name the exact line; streamed, so memory stays flat.
    """
    first_ending = ""
    first_separated: bool | None = None
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix("\ufeff")  # a UTF-8 byte-order mark is accepted
            if not line.strip():
                continue  # blank lines carry no data; DuckDB's reader skips them too
            if "\ufffd" in line:
                return number, "bytes that are not UTF-8 text", line.rstrip("\r\n")
            problem = line_problem(line, year, departments)
            if problem:
                return number, problem, line.rstrip("\r\n")
            separated = line.rstrip("\r\n").endswith(";")
            if first_separated is None:
                first_separated = separated
            elif separated != first_separated:
                said = ("ends with ';' where the lines before do not" if separated
                        else "does not end with ';' where the lines before do")  # fmt: skip
                return number, f"mixed line ends: the line {said}", line.rstrip("\r\n")
            ending = _ending(line)
            first_ending = first_ending or ending
            if ending and ending != first_ending:
                problem = f"line ends with {ending} where the lines before end with {first_ending}"
                return number, f"mixed line endings: {problem}", line.rstrip("\r\n")
    return None
