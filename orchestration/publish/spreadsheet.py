"""Tables as a French spreadsheet user opens them: CSV that Excel reads right on a French system
(`;` between fields, a decimal comma, UTF-8 with a byte-order mark, CRLF line ends) and XLSX
workbooks with a « Lisez-moi » sheet.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
leading apostrophe: a spreadsheet shows it as text and never runs it as a formula (a label such as
`=HYPERLINK(...)` in a source file stays a label).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from orchestration import files

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell that a spreadsheet would take for a formula made text."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v
            )
    return out


def excel_csv(frame: pd.DataFrame) -> bytes:
    """`frame` as CSV for a French Excel: `;`, decimal comma, UTF-8 with BOM, CRLF."""
    text = defused(frame).to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
    return (BOM + text).encode("utf-8")


def read_excel_csv(path: Path) -> pd.DataFrame:
    """A CSV written by `excel_csv`, read back (for tests and checks)."""
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])  # fmt: skip


def write_workbook(path: Path, sheets: dict[str, pd.DataFrame],
                   readme: list[tuple[str, str, str]]) -> Path:  # fmt: skip
    """An XLSX workbook: a « Lisez-moi » sheet first (rows of sheet, column, description), then
    one sheet per table, headers frozen; written atomically. Rows go straight to xlsxwriter
    (pandas' `to_excel` cost 10 s for a year of the demo's aggregated marts, this 3 s)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True})
    notes = book.add_worksheet("Lisez-moi")
    notes.set_column(0, 1, 24)
    notes.set_column(2, 2, 110)
    notes.write_row(0, 0, ["Feuille", "Colonne", "Description"], bold)
    for i, row in enumerate(readme, start=1):
        notes.write_row(i, 0, row)
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name[:31])
        sheet.freeze_panes(1, 0)
        sheet.set_column(0, max(len(frame.columns) - 1, 0), 16)
        sheet.write_row(0, 0, list(frame.columns), bold)
        cells = defused(frame).astype(object).where(frame.notna(), None)
        for i, values in enumerate(cells.itertuples(index=False, name=None), start=1):
            sheet.write_row(i, 0, [_cell(v) for v in values])
    book.close()
    files.write_bytes(path, buffer.getvalue())
    return path


def _cell(value):
    """A value xlsxwriter writes as it is: numpy scalars as Python ones, None as an empty cell."""
    if value is None:
        return None
    return value.item() if hasattr(value, "item") else value
