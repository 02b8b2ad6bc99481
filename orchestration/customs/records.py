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


_A129 = re.compile(r"[A-Z]\d{2}[A-Z]")
_CPF4 = re.compile(r"\d{4}")


def looks_like_data_line(line: str) -> bool:
    """True for a line of a regional data file: ten `;` fields, the first `E` or `I`.

    The national file (`NATIONAL_NC8PAYSE.txt`) also has ten fields starting with E or I; it is
    told apart by its sixth field, an NC8 code, where the regional file has an A129 code.
    """
    fields = line.lstrip("\ufeff").rstrip("\r\n").split(";")
    return (
        len(fields) == N_FIELDS
        and fields[0] in FLOWS
        and bool(_A129.fullmatch(fields[5]))
        and bool(_CPF4.fullmatch(fields[6]))
    )


def line_problem(line: str, year: int) -> str | None:
    """Why a data line is invalid for a load of `year`, or None if it is valid."""
    fields = line.rstrip("\r\n").split(";")
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
    return None


def _ending(line: str) -> str:
    return "CRLF" if line.endswith("\r\n") else "LF" if line.endswith("\n") else ""


def first_bad_line(path: Path, year: int, encoding: str = "utf-8") -> tuple[int, str, str] | None:
    """The first invalid line of a data file: (line number, reason, content), or None.

    Used on the error path of a load to name the exact line; streamed, so memory stays flat.
    """
    first_ending = ""
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix("\ufeff")  # a UTF-8 byte-order mark is accepted
            if not line.strip():
                continue  # blank lines carry no data; DuckDB's reader skips them too
            if "\ufffd" in line:
                return number, "bytes that are not UTF-8 text", line.rstrip("\r\n")
            problem = line_problem(line, year)
            if problem:
                return number, problem, line.rstrip("\r\n")
            ending = _ending(line)
            first_ending = first_ending or ending
            if ending and ending != first_ending:
                problem = f"line ends with {ending} where the lines before end with {first_ending}"
                return number, f"mixed line endings: {problem}", line.rstrip("\r\n")
    return None
