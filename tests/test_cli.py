"""The commands a user types: `demo` end to end, year ranges, `synth`."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main, parse_years


def test_year_ranges():
    assert parse_years("2024") == [2024]
    assert parse_years("2019..2024") == [2019, 2020, 2021, 2022, 2023, 2024]
    for bad in ["24", "2024..2019", "2010", "2019-2024"]:
        with pytest.raises(argparse.ArgumentTypeError):
            parse_years(bad)


def test_synth_command_writes_both_archives(tmp_path, capsys):
    assert main(["synth", "--year", "2023", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "SYNTH-Regional-2023-export.zip",
        "SYNTH-Regional-2023-import.zip",
    ]


@pytest.mark.slow
def test_demo_reproduces_the_published_headline_figures(tmp_path):
    """`territorial-trade demo` in a fresh process, everything under the given folder."""
    warehouse = tmp_path / "out" / "trade.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "WAREHOUSE_PATH")}
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "demo", "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    # the compact display: each stage of each year, the checks counted, where to look
    for line in ["2019 load: ok", "2024 load: ok", "2019..2024 warehouse: ok", "2024 exports: ok",
                 "dbt build (models + tests)", "fiches and territory pages", "checks: ",
                 f"fiches: {warehouse.parent / 'exports' / '2024' / 'index.html'}"]:  # fmt: skip
        assert line in done.stdout, line
    assert "STEP_SUCCESS" not in done.stdout + done.stderr  # Dagster's logs went to the file
    (log,) = (warehouse.parent / "logs").glob("demo-*.log")
    assert "STEP_SUCCESS" in log.read_text(encoding="utf-8")
    folder = warehouse.parent
    assert {p.name for p in folder.iterdir()} >= {"trade.duckdb", "raw", "dagster_home", "exports"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = dict(con.execute(
            "SELECT area_code || '/' || level, printf('%.1f|%.1f|%.2f|%.1f|%.1f|%.2f', "
            "export_eur / 1e6, coalesce(100 * export_share_of_region, 0), "
            "100 * export_share_of_france, "
            "import_eur / 1e6, coalesce(100 * import_share_of_region, 0), "
            "100 * import_share_of_france) "
            "FROM marts.trade_totals WHERE year = 2024 AND area_code IN ('92', '11', 'FR')"
        ).fetchall())  # fmt: skip
        vintage = con.execute("SELECT DISTINCT vintage FROM raw.customs_trade").fetchall()
    assert rows["92/department"] == "31723.3|22.4|5.47|36733.3|19.1|5.36"
    assert rows["11/region"].startswith("141666.3|")
    assert rows["11/region"].split("|")[3] == "192202.9"
    assert rows["FR/france"].startswith("580354.5|")
    assert rows["FR/france"].split("|")[3] == "684776.3"
    assert vintage == [("SYNTH",)]
    # the 2024 fiche of Hauts-de-Seine shows the change on 2023
    fiche = (folder / "exports" / "2024" / "department" / "92" / "fiche.html").read_text()
    assert "par rapport à 2023" in fiche and "Évolution et exposition" in fiche
    assert "2019-2024" in fiche  # six years loaded: the evolution chart spans them
    # an earlier year of the range: its chart datasets are written when its fiches are asked for
    assert not (folder / "exports" / "2022").exists()
    again = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "fiches", "--year", "2022", "--department",
         "92", "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    fiche_2022 = (folder / "exports" / "2022" / "department" / "92" / "fiche.html").read_text()
    assert "par rapport à 2021" in fiche_2022
    # the synthetic years agree with every published figure of the seed: `validate` shows no gap
    checked = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "validate", "--year", "2019..2024",
         "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert "[  ok] marts_published_figures (100 rows)" in checked.stdout
    assert "0 failed (error), 0 failed (warning)" in checked.stdout
    check_demo_pages(folder / "exports" / "2024", warehouse)

    # the run is recorded in the Dagster instance beside the warehouse, checks included
    from dagster import AssetCheckKey, AssetKey, DagsterInstance

    with DagsterInstance.from_config(str(folder / "dagster_home")) as instance:
        runs = [r.dagster_run for r in instance.get_run_records()]
        assert all(run.is_success for run in runs)
        # loads of 2019 to 2024, the warehouse once (2019..2024), the exports of 2024
        stages = {(run.tags["territorial_trade/stage"], run.tags["territorial_trade/year"]): run
                  for run in runs}  # fmt: skip
        loads = [("load", str(year)) for year in range(2019, 2025)]
        assert sorted(stages) == [("exports", "2024"), *loads, ("warehouse", "2024")]
        tags = stages["warehouse", "2024"].tags
        assert (tags["dagster/asset_partition_range_start"],
                tags["dagster/asset_partition_range_end"]) == ("2019", "2024")  # fmt: skip
        marts = instance.get_materialized_partitions(AssetKey(["marts", "trade_totals"]))
        assert sorted(marts) == [str(y) for y in range(2019, 2025)]
        key = AssetCheckKey(AssetKey(["marts", "top_flows"]), "marts_top_flows")
        history = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)
        assert history[0].event.dagster_event.event_specific_data.passed


# The pages the issue of 2026-11-30 names: a département, its region, France, Mayotte, Lozère,
# Corse (its region's only département), the region of Corse.
SAMPLE = ["department/92", "region/11", "france/FR", "department/976", "department/48",
          "department/20", "region/94"]  # fmt: skip


def check_demo_pages(year: Path, warehouse: Path) -> None:
    """The demo's pages, as a reader gets them: every chart's labels apart and inside (all 120
    areas' SVGs), the sample's PDFs (empty space, text size, links), a territory of two
    départements as one bookmarked PDF, and in Chromium (when there) the sample's labels as laid
    out, axe-core on a fiche, a territory page and the index."""
    from tests.pdf_layout import check_fiche_pdf, check_territory_pdf
    from tests.svg_layout import cut, overlaps, smallest_font

    drawings = list(year.glob("*/*/charts/*.svg"))
    assert len(drawings) >= 120 * 6
    for svg in drawings:
        text = svg.read_text(encoding="utf-8")
        assert overlaps(text) == [] and cut(text) == [], svg
        assert smallest_font(text) >= 6.5, svg
    fiches = sorted(year.glob("*/*/fiche-*-2024.pdf"))
    assert len(fiches) == 120
    for pdf in fiches:  # every fiche: no page but the last more than 30 % empty
        check_fiche_pdf(pdf)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ti_id, = con.execute(
            "SELECT ti_id FROM marts.dim_territoires_industrie GROUP BY ti_id "
            "HAVING count(DISTINCT department_code) = 2 ORDER BY ti_id LIMIT 1"
        ).fetchone()  # fmt: skip
    html = (year / "territoires" / ti_id / "index.html").read_text(encoding="utf-8")
    names = re.findall(r"<tr>\s*<td>([^<(]+) \(\w+\)", html)
    check_territory_pdf(year / "territoires" / ti_id / f"territoire-{ti_id}-2024.pdf",
                        [unescape(n).strip() for n in names])  # fmt: skip

    from tests.test_pages_in_browser import (
        CHROMIUM,
        FLAGS,
        axe_violations,
        label_layout,
        open_page,
        serve,
    )  # fmt: skip

    if not os.path.exists(CHROMIUM):
        return
    from playwright.sync_api import sync_playwright

    url, server = serve(year)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for area in SAMPLE:
                page, problems = open_page(browser, f"{url}{area}/fiche.html")
                layout = label_layout(page)
                assert layout["overlaps"] == [] and layout["cut"] == [], (area, layout)
                assert problems == [], problems
                page.close()
            for path in ["department/92/fiche.html", f"territoires/{ti_id}/index.html",
                         "index.html"]:  # fmt: skip
                page, _ = open_page(browser, url + path)
                assert axe_violations(page) == [], path
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def test_dagster_home_runs_one_run_at_a_time(tmp_path):
    import yaml

    from orchestration.settings import prepare_dagster_home

    home = prepare_dagster_home(tmp_path / "home")
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["concurrency"]["runs"]["max_concurrent_runs"] == 1
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    prepare_dagster_home(home)  # a user's own configuration is kept
    assert "concurrency" not in (home / "dagster.yaml").read_text()


# Error classes of the package that are bugs on purpose (exit 1, with the traceback in the log):
# a PDF that Typst cannot compile is the template's fault, never the user's.
BUG_ERRORS = {"PdfError"}
# said in one line with exit 3 by `orchestration.exhaustion` (a process killed by SIGKILL)
EXHAUSTION_ERRORS = {"PageWorkerKilled"}


def test_one_list_of_user_errors_covers_every_error_class_of_the_package():
    """Every exception class defined under `orchestration/` is a user error (exit 2, one line,
    for the CLI and for runs alike), a resource running out (exit 3, one line) or named here as
    a bug."""
    import importlib
    import inspect
    import pkgutil

    import orchestration
    from orchestration.errors import user_error_classes, user_error_names
    from orchestration.launch import USER_ERRORS

    found = set()
    for module in pkgutil.walk_packages(orchestration.__path__, "orchestration."):
        if module.name.endswith(("definitions", "__main__")):
            continue
        mod = importlib.import_module(module.name)
        for name, obj in vars(mod).items():
            if (inspect.isclass(obj) and issubclass(obj, Exception) and not name.startswith("_")
                    and obj.__module__ == mod.__name__):  # fmt: skip
                found.add(name)
    assert found - BUG_ERRORS - EXHAUSTION_ERRORS == user_error_names(), found ^ user_error_names()
    assert user_error_names() == USER_ERRORS
    assert len(user_error_classes()) == len(user_error_names())


@pytest.mark.parametrize("error", ["TerritoiresError", "LabelFileError", "YearRejected",
                                   "ListingError"])  # fmt: skip
def test_every_user_error_exits_2_in_one_line(error, monkeypatch, capsys):
    from orchestration import cli
    from orchestration.errors import user_error_classes

    cls = next(c for c in user_error_classes() if c.__name__ == error)

    def fail(args):
        raise cls("liste-ti-com.csv: line 3: unknown commune '99999'")

    monkeypatch.setattr(cli, "cmd_status", fail)  # the parser binds it when it is built
    assert cli.main(["status", "--warehouse", "/nonexistent/trade.duckdb"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["territorial-trade status: error: liste-ti-com.csv: line 3: unknown commune "
                   "'99999'"]  # fmt: skip


def test_version_names_the_project_and_the_tools_it_runs_on(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"territorial-trade {version('territorial-trade')} (dagster ")
    assert f"duckdb {version('duckdb')}" in line and "dbt-core " in line
