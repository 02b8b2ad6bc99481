"""Parse the customs annex (label) files in their real encodings.

Observed on the official files: `Libelle_CPF4_rev2.1.txt` is Windows-1252 although the read-me
says UTF-8, `Libelle_A129.txt` starts with a UTF-8 BOM, all use CRLF, and labels that contain `;`
are quoted with `"`. Parsing is pure: bytes in, rows out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

LABEL_KINDS = ("cpf4", "a129", "country", "departments")

# Basename patterns of the annex files, as seen across vintages.
_NAME_PATTERNS = {
    "cpf4": re.compile(r"^libelle_cpf4.*\.txt$", re.IGNORECASE),
    "a129": re.compile(r"^libelle_a129.*\.txt$", re.IGNORECASE),
    "country": re.compile(r"^libelle_pays.*\.txt$", re.IGNORECASE),
    "departments": re.compile(r"^departement_region.*\.txt$", re.IGNORECASE),
}


class LabelFileError(ValueError):
    """A label file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class Label:
    code: str
    label: str
    valid_from: int  # YYYYMM
    valid_to: int  # YYYYMM, 999912 = still valid


@dataclass(frozen=True)
class Department:
    department_code: str
    department_name: str
    dgddi_region_code: str
    dgddi_region_name: str


def label_kind(filename: str) -> str | None:
    """Which annex a file is, from its basename (None if it is not a known annex)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    for kind, pattern in _NAME_PATTERNS.items():
        if pattern.match(base):
            return kind
    return None


def decode_label_bytes(raw: bytes) -> tuple[str, str]:
    """Decode an annex file: UTF-8 (BOM stripped) when it is valid UTF-8, else Windows-1252.

    Returns the text and the encoding used, so a load can record it.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252"), "cp1252"


def _records(text: str, source: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    out = []
    for fields in reader:
        if not fields or all(not f.strip() for f in fields):
            continue
        out.append((reader.line_num, [f.strip() for f in fields]))
    if not out:
        raise LabelFileError(f"{source}: empty label file")
    return out


def _yyyymm(value: str, source: str, line: int) -> int:
    if not re.fullmatch(r"\d{6}", value):
        raise LabelFileError(f"{source}, line {line}: validity date {value!r} is not YYYYMM")
    return int(value)


def parse_code_labels(raw: bytes, source: str = "<labels>") -> list[Label]:
    """Parse `code;label;valid_from;valid_to` files (CPF4, A129, countries)."""
    text, _ = decode_label_bytes(raw)
    labels = []
    for line, fields in _records(text, source):
        if len(fields) < 4 or not fields[0]:
            raise LabelFileError(
                f"{source}, line {line}: expected code;label;start;end, got {';'.join(fields)!r}"
            )
        labels.append(
            Label(
                code=fields[0],
                label=fields[1],
                valid_from=_yyyymm(fields[2], source, line),
                valid_to=_yyyymm(fields[3], source, line),
            )
        )
    return labels


def parse_departments(raw: bytes, source: str = "<departments>") -> list[Department]:
    """Parse `Departement_region.txt`: `code;label;dgddi_region_code;region_label`, no header."""
    text, _ = decode_label_bytes(raw)
    rows = []
    for line, fields in _records(text, source):
        if len(fields) < 4 or not fields[0] or not fields[2]:
            raise LabelFileError(
                f"{source}, line {line}: expected code;label;region_code;region_label, "
                f"got {';'.join(fields)!r}"
            )
        rows.append(Department(fields[0], fields[1], fields[2], fields[3]))
    return rows


def valid_for_year(labels: list[Label], year: int) -> dict[str, str]:
    """The label of each code valid during `year`.

    A code repeated with several validity periods (`QU`, `XK`, `XS` in `Libelle_PAYS.txt`) takes
    the period that overlaps the year; if several overlap, the one that started last.
    """
    start, end = year * 100 + 1, year * 100 + 12
    chosen: dict[str, Label] = {}
    for lab in labels:
        if lab.valid_from > end or lab.valid_to < start:
            continue
        best = chosen.get(lab.code)
        if best is None or lab.valid_from > best.valid_from:
            chosen[lab.code] = lab
    return {code: lab.label for code, lab in chosen.items()}
