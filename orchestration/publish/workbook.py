"""The publication for spreadsheet users: every published table as CSV for a French Excel (split
by year, as the Parquet tree is), and one XLSX workbook per year of the aggregated marts, each
area named beside its code, with a « Lisez-moi » sheet that describes every column in French.

    versions/<id>/csv/<table>.csv                    (tables without a year)
    versions/<id>/csv/<table>/<table>_<year>.csv     (one file per year)
    versions/<id>/xlsx/commerce_exterieur_<year>.xlsx
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import files
from orchestration.publish.spreadsheet import excel_csv, write_workbook

# The sheets of a year's workbook: the aggregated marts (one row per area, partner, product or
# link), not the line-level tables (trade_department, trade_region, trade_france: the CSV).
WORKBOOK_TABLES = ("trade_totals", "area_indicators", "partner_balance", "top_flows",
                   "product_specialisation", "trade_quarterly")  # fmt: skip

# What each column holds, in French, for the « Lisez-moi » sheet.
FRENCH_COLUMNS = {
    "year": "Année de référence.",
    "quarter": "Trimestre (1 à 4).",
    "level": "Niveau géographique : department (département), region (région), france.",
    "area_code": "Code du territoire : code INSEE du département ou de la région, FR pour la "
    "France.",
    "area_id": "Identifiant du territoire tous niveaux confondus : niveau:code (department:92, "
    "region:11, france:FR).",
    "area_name": "Nom du territoire.",
    "flow": "Flux : export (exportations, valeur FAB) ou import (importations, valeur CAF).",
    "export_eur": "Exportations, en euros.",
    "import_eur": "Importations, en euros.",
    "balance_eur": "Solde commercial (exportations − importations), en euros.",
    "trade_eur": "Échanges (exportations + importations), en euros.",
    "value_eur": "Valeur du flux, en euros.",
    "export_share_of_region": "Part des exportations de la région (fraction : 0,25 = 25 %).",
    "import_share_of_region": "Part des importations de la région (fraction).",
    "export_share_of_france": "Part des exportations de la France (fraction).",
    "import_share_of_france": "Part des importations de la France (fraction).",
    "mass_kg": "Masse, en kilogrammes (0 sans échange).",
    "unit_value_eur_per_kg": "Valeur unitaire, en euros par kilogramme.",
    "value_eur_previous_year": "Valeur de l'année précédente, en euros (vide si non chargée).",
    "change_eur": "Évolution sur un an, en euros.",
    "change_ratio": "Évolution sur un an (fraction : 0,05 = +5 %).",
    "cagr_5y": "Taux de croissance annuel moyen sur cinq ans (fraction).",
    "rank_in_level": "Rang parmi les territoires du même niveau (1 = le plus grand ; Monaco non "
    "classé).",
    "n_partners": "Nombre de pays partenaires.",
    "n_products_cpf4": "Nombre de produits (CPF4) échangés.",
    "hhi_partners": "Concentration des partenaires : indice de Herfindahl-Hirschman (somme des "
    "carrés des parts, de 1/n à 1).",
    "hhi_products_cpf4": "Concentration des produits (CPF4) : indice de Herfindahl-Hirschman.",
    "top3_partners_share": "Part des trois premiers partenaires (fraction).",
    "eu27_share": "Part de l'Union européenne à 27 (fraction).",
    "us_share": "Part des États-Unis (fraction).",
    "cn_share": "Part de la Chine (fraction).",
    "gb_share": "Part du Royaume-Uni (fraction).",
    "energy_value_eur": "Dont énergie (houille, hydrocarbures, produits pétroliers raffinés, "
    "électricité, gaz), en euros.",
    "value_excl_energy_eur": "Valeur hors énergie, en euros.",
    "country_code": "Code du pays partenaire (nomenclature des Douanes).",
    "country_name": "Nom du pays partenaire.",
    "rank": "Rang (1 = le plus grand).",
    "product_level": "Niveau de nomenclature du produit : a129 ou cpf4.",
    "product_code": "Code du produit (A129 ou CPF4 ; AUTRES : les produits au-delà des dix "
    "premiers).",
    "product_label": "Libellé du produit.",
    "cpf4_code": "Code du produit (CPF4).",
    "cpf4_label": "Libellé du produit (CPF4).",
    "a129_code": "Code de l'activité (A129).",
    "a129_label": "Libellé de l'activité (A129).",
    "product_rank": "Rang du produit dans le flux (11 pour AUTRES).",
    "country_rank": "Rang du pays dans le flux (11 pour AUTRES).",
    "is_top_link": "Un des cinq principaux flux produit-pays (en rouge sur les graphiques).",
    "share_of_flow": "Part du produit dans le flux du territoire (fraction).",
    "france_share_of_flow": "Part du produit dans le même flux de la France (fraction).",
    "specialisation_index": "Indice de spécialisation : part dans le territoire / part en "
    "France (au-dessus de 1 : plus présent qu'en France).",
    "rolling_4q_eur": "Cumul des quatre derniers trimestres, en euros.",
    "change_ratio_same_quarter_previous_year": "Évolution sur le même trimestre de l'année "
    "précédente (fraction).",
}


# A workbook keeps the fiche's product level: top_flows' CPF4 rows are in the CSV and Parquet.
SHEET_FILTER = {"top_flows": "AND t.product_level = 'a129'"}


def _year_frame(con: duckdb.DuckDBPyConnection, table: str, year: int):
    """One year of a published table (each area is named beside its code in the table itself)."""
    return con.execute(
        f"SELECT * FROM pub.marts.{table} t WHERE t.year = ? {SHEET_FILTER.get(table, '')} "
        "ORDER BY ALL",
        [year],
    ).df()


def write_csvs(con: duckdb.DuckDBPyConnection, target: Path, tables: list[str],
               unpartitioned: set[str]) -> int:  # fmt: skip
    """Every table as CSV for a French Excel, by year where it has one; returns the files."""
    written = 0
    for table in tables:
        if table in unpartitioned or table == "publication_info":
            frame = con.execute(f"SELECT * FROM pub.marts.{table} ORDER BY ALL").df()
            files.write_bytes(target / "csv" / f"{table}.csv", excel_csv(frame))
            written += 1
            continue
        years = [r[0] for r in con.execute(
            f"SELECT DISTINCT year FROM pub.marts.{table} ORDER BY 1").fetchall()]  # fmt: skip
        for year in years:
            frame = con.execute(
                f"SELECT * FROM pub.marts.{table} WHERE year = ? ORDER BY ALL", [year]
            ).df()
            files.write_bytes(target / "csv" / table / f"{table}_{year}.csv", excel_csv(frame))
            written += 1
    return written


def write_workbooks(con: duckdb.DuckDBPyConnection, target: Path,
                    heads: dict[int, list[str]]) -> list[Path]:  # fmt: skip
    """One XLSX per year: a « Lisez-moi » sheet (what the workbook is, then every column of
    every sheet in French), a sheet per aggregated mart."""
    paths = []
    for year, head in sorted(heads.items()):
        sheets = {table: _year_frame(con, table, year) for table in WORKBOOK_TABLES}
        readme = [("", "", line) for line in head]
        for table, frame in sheets.items():
            readme += [(table, column, FRENCH_COLUMNS.get(column, "")) for column in frame]
        path = target / "xlsx" / f"commerce_exterieur_{year}.xlsx"
        paths.append(write_workbook(path, sheets, readme))
    return paths
