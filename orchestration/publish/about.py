"""What a publication says about itself: source, licence, citation, vintages, synthetic or not,
and what changed since the version before. Pure functions; the publisher writes their output
into each version (the table `marts.publication_info` and `README.md`)."""

from __future__ import annotations

from orchestration.publish.tables import RENAMED_COLUMNS

SOURCE = (
    "DGDDI (Direction générale des douanes et droits indirects), statistiques régionales et "
    "départementales du commerce extérieur (open data, douane.gouv.fr)"
)
LICENCE = "Licence Ouverte / Etalab 2.0"
SYNTHETIC_VINTAGE = "SYNTH"


def citation(vintage: str) -> str:
    """The line to quote under any figure of this year."""
    if SYNTHETIC_VINTAGE in vintage:
        return (
            "Données synthétiques de démonstration (millésime SYNTH), calibrées sur des chiffres "
            "publiés : ce ne sont pas des statistiques officielles, ne pas les citer comme telles."
        )
    return f"Source : DGDDI, statistiques régionales du commerce extérieur, millésime {vintage}."


def publication_info(vintages: dict[int, str], version: str, published_at: str) -> list[dict]:
    """One row per year published: where it comes from and how to cite it."""
    return [
        {
            "year": year,
            "vintage": vintage,
            "source": SOURCE,
            "licence": LICENCE,
            "citation": citation(vintage),
            "synthetic": SYNTHETIC_VINTAGE in vintage,
            "version": version,
            "published_at": published_at,
        }
        for year, vintage in sorted(vintages.items())
    ]


def changes(manifest: dict, previous: dict | None) -> list[str]:
    """What changed since the previous version, one line each (years, vintages, rows, columns)."""
    if previous is None:
        return ["First version published."]
    lines = []
    old_v = {int(y): v for y, v in previous.get("vintages", {}).items()}
    new_v = {int(y): v for y, v in manifest.get("vintages", {}).items()}
    for year in sorted(set(new_v) - set(old_v)):
        lines.append(f"Year {year} added (vintage {new_v[year]}).")
    for year in sorted(set(old_v) - set(new_v)):
        lines.append(f"Year {year} removed (was vintage {old_v[year]}).")
    for year in sorted(set(new_v) & set(old_v)):
        if new_v[year] != old_v[year]:
            lines.append(f"Year {year} replaced: vintage {old_v[year]} -> {new_v[year]}.")
    old_cols, new_cols = previous.get("columns", {}), manifest.get("columns", {})
    for table in sorted(set(new_cols) - set(old_cols)):
        lines.append(f"Table {table} added.")
    for table in sorted(set(old_cols) - set(new_cols)):
        lines.append(f"Table {table} removed.")
    for table in sorted(set(new_cols) & set(old_cols)):
        added = [c for c in new_cols[table] if c not in old_cols[table]]
        removed = [c for c in old_cols[table] if c not in new_cols[table]]
        renamed = [(old, RENAMED_COLUMNS[table, old]) for old in removed
                   if RENAMED_COLUMNS.get((table, old)) in added]  # fmt: skip
        for old, new in renamed:
            added.remove(new)
            removed.remove(old)
        if renamed:
            pairs = ", ".join(f"{old} -> {new}" for old, new in renamed)
            lines.append(f"Table {table}: columns renamed: {pairs}.")
        if added:
            lines.append(f"Table {table}: columns added: {', '.join(added)}.")
        if removed:
            lines.append(f"Table {table}: columns removed: {', '.join(removed)}.")
    old_rows, new_rows = previous.get("tables", {}), manifest.get("tables", {})
    for table in sorted(set(new_rows) & set(old_rows)):
        if new_rows[table] != old_rows[table]:
            lines.append(f"Table {table}: {old_rows[table]:,} -> {new_rows[table]:,} rows.")
    return lines or [f"Nothing changed since version {previous.get('version')}."]


def readme_markdown(info: list[dict], manifest: dict, previous: dict | None) -> str:
    """The README written into each version: what the data is, where it comes from, how to
    cite it, and what changed."""
    synthetic = any(row["synthetic"] for row in info)
    lines = [f"# Territorial foreign trade: publication {manifest['version']}", ""]
    if synthetic:
        lines += [
            "**SYNTHETIC DATA.** The years marked synthetic below are demonstration figures made "
            "by `territorial-trade`'s generator: calibrated on published totals (France, regions, "
            "main partners and products, the energy bill) but invented line by line. They are "
            "not official statistics: do not quote them as such.",
            "",
        ]
    lines += [
        f"- Source: {SOURCE}.",
        f"- Licence: {LICENCE} (reuse freely, citing the source and the date of the data).",
        f"- Published at: {manifest.get('published_at', '')} (UTC).",
        "- Scope: exports FOB and imports CIF by département of origin or destination, product "
        "(CPF4, A129) and partner country; military equipment and estimates left out, so totals "
        "differ from the national headline figures.",
        "",
        "| year | vintage | synthetic | cite as |",
        "|---|---|---|---|",
    ]
    for row in info:
        lines.append(f"| {row['year']} | {row['vintage']} | {'yes' if row['synthetic'] else 'no'}"
                     f" | {row['citation']} |")  # fmt: skip
    lines += ["", "## What changed since the previous version", ""]
    lines += [f"- {line}" for line in changes(manifest, previous)]
    lines += [
        "",
        "## What is here",
        "",
        "- `trade.duckdb`: every table in the schema `marts` (`marts.publication_info` repeats the "
        "table above); each table and column carries its description as a comment "
        "(`SELECT table_name, comment FROM duckdb_tables()`, `duckdb_columns()`).",
        "- `DATA_DICTIONARY.md`: every table and column of this version, with its type and "
        "description.",
        "- `csv/`: every table as CSV for a French spreadsheet (`;`, decimal comma, UTF-8 with "
        "BOM, CRLF), one file per year (`csv/<table>/<table>_<year>.csv`).",
        "- `xlsx/commerce_exterieur_<year>.xlsx`: the year's aggregated marts, each area named, "
        "with a « Lisez-moi » sheet describing every column in French.",
        "- `parquet/`: one Parquet file, or one folder partitioned by `year=`, per table.",
        "- `manifest.json`: tables with their rows and columns, years, vintages, the previous "
        "version.",
        "",
    ]
    return "\n".join(lines)
