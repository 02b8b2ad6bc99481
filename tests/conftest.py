"""Shared fixtures. The dbt manifest is built once, before anything imports the definitions."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import data_line, make_archive

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """`dbt parse`, if the manifest is missing or older than a file of the dbt project, once, in
    the main process, before any test worker starts (pytest-xdist's workers then find the
    manifest fresh and never write it at the same time)."""
    if not hasattr(config, "workerinput"):
        from orchestration.project import prepare_manifest

        prepare_manifest()


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    from orchestration.project import prepare_manifest

    return prepare_manifest()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "trade.duckdb"


# Twelve products of département 13 (more than top_n = 10) with ties, for the folding.
PRODUCTS_13 = [("C21Z", "2120"), ("C20B", "2042"), ("C29A", "2910"), ("C30C", "3030"),
               ("C11Z", "1102"), ("C10H", "1082"), ("C19Z", "1920"), ("C26A", "2611"),
               ("C27B", "2711"), ("C28A", "2811"), ("C22B", "2222"), ("C24A", "2410")]  # fmt: skip
COUNTRIES_13 = ["DE", "BE", "IT", "ES", "US", "GB", "NL", "CN", "CH", "PL", "JP", "MA"]


def hand_made_lines() -> tuple[list[str], list[str]]:
    e = [
        # Hauts-de-Seine: a tie between DE and US on 2120, split over two quarters
        data_line("E", 1, dep="92", a129="C21Z", cpf4="2120", country="DE", value=600),
        data_line("E", 2, dep="92", a129="C21Z", cpf4="2120", country="DE", value=400),
        data_line("E", 3, dep="92", a129="C21Z", cpf4="2120", country="US", value=1000),
        data_line("E", 1, dep="92", a129="C21Z", cpf4="2120", country="BE", value=500),
        data_line("E", 4, dep="92", a129="C20B", cpf4="2042", country="DE", value=700),
        data_line("E", 1, dep="75", region="03", a129="C29A", cpf4="2910", country="GB", value=400),
        data_line("E", 2, dep="95", region="03", a129="C29A", cpf4="2910", country="DE", value=250),
        # overseas, Monaco
        data_line("E", 1, dep="9A", region="24", a129="C11Z", cpf4="1101", country="US", value=50),
        data_line("E", 2, dep="99", region="21", a129="C20B", cpf4="2042", country="IT", value=80),
    ]
    i = [
        data_line("I", 1, dep="92", a129="C21Z", cpf4="2120", country="CN", value=800),
        # a product only imported
        data_line("I", 2, dep="92", a129="C26A", cpf4="2611", country="CN", value=300),
        data_line(
            "I", 3, dep="75", region="03", a129="B06Z", cpf4="0620", country="NO", value=5000
        ),
        data_line("I", 1, dep="9A", region="24", a129="C19Z", cpf4="1920", country="US", value=200),
        data_line("I", 4, dep="20", region="22", a129="C10A", cpf4="1011", country="ES", value=30),
    ]
    # Bouches-du-Rhône: 12 products x 12 countries, sparse, with ties on products 5-6 and
    # countries 3-4 and equal link values, so that ranks must break ties by code.
    for p, (a129, cpf4) in enumerate(PRODUCTS_13):
        for c, country in enumerate(COUNTRIES_13):
            if (p + c) % 3 == 0:
                value = 1000 - 60 * min(p, 5) - 50 * min(c, 3) - (0 if p < 6 else 10 * p)
                e.append(data_line("E", 1 + (p + c) % 4, dep="13", region="21", a129=a129,
                                   cpf4=cpf4, country=country, value=value))  # fmt: skip
    return e, i


# ANCT's commune-list form: Boucle Nord de Seine over 92 and 95; a test territory over two
# régions (13 in PACA, 75 in Île-de-France); Corsica; overseas; a commune in two territories.
TI_COMMUNES = """insee_com,lib_com,id_ti,lib_ti
92004,Asnières-sur-Seine,ti-1101,Boucle Nord de Seine
92025,Colombes,ti-1101,Boucle Nord de Seine
95018,Argenteuil,ti-1101,Boucle Nord de Seine
13001,Aix-en-Provence,ti-9390 ; ti-9301,Territoire test interrégional ; Aix-Marseille-Provence
13055,Marseille,ti-9301,Aix-Marseille-Provence
75056,Paris,ti-9390,Territoire test interrégional
2A004,Ajaccio,ti-9402,Pays Ajaccien
97105,Basse-Terre,ti-0101,Basse-Terre
"""


def shared_build(tmp_path_factory, name: str, build) -> Path:
    """The folder `name`, made once per test session by `build(folder)` and shared by every
    pytest-xdist worker: the first worker to need it builds it while holding a lock, the others
    wait and reuse it. Tests read it, or copy it before changing anything."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the folder the workers' own folders are in
    root = base / name
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / ".built").exists():
            shutil.rmtree(root, ignore_errors=True)
            build(root)
            (root / ".built").touch()
    return root


@pytest.fixture(scope="session")
def hand_built(tmp_path_factory, dbt_manifest) -> Path:
    """A warehouse built by the whole asset graph (checks, publication, docs, fiches) from the
    hand-made year 2024, as `build --year 2024` builds it; its run in `<folder>/dagster`."""
    return shared_build(tmp_path_factory, "hand_built", _build_hand_made) / "trade.duckdb"


def year_lines(lines: list[str], year: int, factor: float = 1.0, drop=None) -> list[str]:
    """The hand-made lines moved to `year`, values scaled, some dropped."""
    out = []
    for line in lines:
        fields = line.split(";")
        if drop and drop(fields):
            continue
        fields[2] = str(year)
        fields[8] = str(int(int(fields[8]) * factor))
        out.append(";".join(fields))
    return out


def three_years_lines() -> dict[int, tuple[list[str], list[str]]]:
    """2024 as `hand_built` has it; 2023 at 90 % without the US exports of 92 but with a
    Japanese one (a partner that is only in the year before); 2019 at half (for cagr_5y)."""
    e, i = hand_made_lines()
    no_us_92 = lambda f: f[0] == "E" and f[3] == "92" and f[7] == "US"  # noqa: E731
    jp_2023 = "E;2;2023;92;03;C21Z;2120;JP;250;3"
    return {
        2019: (year_lines(e, 2019, 0.5), year_lines(i, 2019, 0.5)),
        2023: ([*year_lines(e, 2023, 0.9, drop=no_us_92), jp_2023], year_lines(i, 2023, 0.9)),
        2024: (e, i),
    }


@pytest.fixture(scope="session")
def three_years(tmp_path_factory, dbt_manifest) -> Path:
    """A warehouse of three hand-made years (`three_years_lines`) built as `build --year
    2019,2023,2024 --fiches none` builds it (`launch.build_years`: each year loaded, the warehouse
    once, the last year's chart datasets), its runs recorded in `<folder>/dagster`."""
    return shared_build(tmp_path_factory, "three_years", _build_three_years) / "trade.duckdb"


def _build_three_years(root: Path) -> None:
    from dagster import DagsterInstance

    from orchestration.launch import build_years
    from orchestration.resources import run_resources

    for year, (exports, imports) in three_years_lines().items():
        make_archive(root / "src" / f"202501-Regional-{year}-export.zip", exports)
        make_archive(root / "src" / f"202501-Regional-{year}-import.zip", imports,
                     "REGIONAL_CPF4PAYSI.txt")  # fmt: skip
    (root / "ti.csv").write_text(TI_COMMUNES, encoding="utf-8")
    resources = run_resources(root / "trade.duckdb", source=str(root / "src"),
                              territoires_source=str(root / "ti.csv"))  # fmt: skip
    (root / "dagster").mkdir(parents=True)
    with DagsterInstance.local_temp(tempdir=str(root / "dagster")) as instance:
        outcomes = build_years([2019, 2023, 2024], resources=resources, instance=instance,
                               fiche_years=set())  # fmt: skip
    assert [(o.years, o.stage, o.success) for o in outcomes] == [
        ("2019", "load", True), ("2023", "load", True), ("2024", "load", True),
        ("2019..2024", "warehouse", True), ("2024", "exports", True)]  # fmt: skip


def _build_hand_made(root: Path) -> Path:
    """`build --year 2024` of the hand-made year (`launch.build_years`: one run of the UI's job
    `refresh_year`), its run recorded in `<root>/dagster`."""
    from dagster import DagsterInstance

    from orchestration.launch import build_years
    from orchestration.resources import run_resources

    e, i = hand_made_lines()
    make_archive(root / "src" / "202501-Regional-2024-export.zip", e)
    make_archive(root / "src" / "202501-Regional-2024-import.zip", i, "REGIONAL_CPF4PAYSI.txt")
    warehouse = root / "trade.duckdb"
    communes = root / "liste-ti-com.csv"
    communes.write_text(TI_COMMUNES, encoding="utf-8")
    resources = run_resources(warehouse, source=str(root / "src"),
                              territoires_source=str(communes))  # fmt: skip
    (root / "dagster").mkdir(parents=True)
    with DagsterInstance.local_temp(tempdir=str(root / "dagster")) as instance:
        outcomes = build_years([2024], resources=resources, instance=instance,
                               fiche_years={2024})  # fmt: skip
    assert [(o.years, o.stage, o.success) for o in outcomes] == [("2024", "refresh", True)], [
        o.errors for o in outcomes]  # fmt: skip
    return warehouse
