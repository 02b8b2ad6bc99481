"""Fault campaign, what a user types: every mistake is one line on stderr and exit code 2, naming
the option, the setting or the path, and nothing is created or changed on the way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.files import links_leading_out
from orchestration.settings import last_complete_year


def one_line_error(capsys, argv: list[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, err
    assert len(err) == 1, err
    return err[0]


def test_year_after_the_last_complete_one(capsys):
    with pytest.raises(SystemExit) as info:
        main(["build", "--year", "2030", "--source", "synthetic"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "territorial-trade build: error: argument --year: year 2030 is not complete yet: the "
        f"last complete year is {last_complete_year()}"
    ]


def test_open_ended_range_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--year", "2015..9999"])
    assert info.value.code == 2
    assert "year 9999 is not complete yet" in capsys.readouterr().err


def test_bad_publish_keep_names_the_variable_and_spares_other_commands(
    capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("PUBLISH_KEEP", "abc")
    warehouse = tmp_path / "wh" / "trade.duckdb"
    line = one_line_error(capsys, ["build", "--year", "2024", "--source", "synthetic",
                                   "--warehouse", str(warehouse)])  # fmt: skip
    assert line == (
        "territorial-trade build: error: PUBLISH_KEEP='abc': expected a whole number of at least 1"
    )
    assert not warehouse.parent.exists()  # nothing was created
    assert main(["synth", "--year", "2023", "--out", str(tmp_path / "s")]) == 0


def test_bad_duckdb_memory_limit_names_the_variable(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "lots")
    warehouse = tmp_path / "wh" / "trade.duckdb"
    line = one_line_error(capsys, ["build", "--year", "2024", "--source", "synthetic",
                                   "--warehouse", str(warehouse)])  # fmt: skip
    assert line == ("territorial-trade build: error: DUCKDB_MEMORY_LIMIT='lots': expected a "
                    "size such as 1GB or 512MB")  # fmt: skip
    assert not warehouse.parent.exists()


@pytest.mark.parametrize("limit", ["99999999TB", "1000TB"])
def test_a_memory_limit_above_the_machine_s_memory_is_refused(capsys, monkeypatch, tmp_path,
                                                              limit):  # fmt: skip
    """`DUCKDB_MEMORY_LIMIT=99999999TB` ended in a DuckDB traceback (« value is too large »)."""
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", limit)
    warehouse = tmp_path / "wh" / "trade.duckdb"
    line = one_line_error(capsys, ["build", "--year", "2024", "--source", "synthetic",
                                   "--warehouse", str(warehouse)])  # fmt: skip
    assert line.startswith(f"territorial-trade build: error: DUCKDB_MEMORY_LIMIT={limit!r}: "
                           "above this machine's memory (")  # fmt: skip
    assert line.endswith("DuckDB would be killed by the system rather than spill to disk; give "
                         "at most that (the default is 1GB)")  # fmt: skip
    assert not warehouse.parent.exists()


SIZES = [("1GB", 10**9), ("512mb", 512 * 10**6), ("1.5 GiB", 3 * 2**29), ("300KB", 300_000)]


@pytest.mark.parametrize(("text", "size"), SIZES)
def test_sizes_are_read_as_duckdb_reads_them(text, size):
    import duckdb

    from orchestration.settings import size_bytes

    assert size_bytes(text) == size
    with duckdb.connect(config={"memory_limit": text}) as con:  # e.g. "953.6 MiB" for 1GB
        (shown,) = con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert size_bytes(shown) == pytest.approx(size, rel=1e-3)


def test_the_publication_copies_within_the_smaller_limit(monkeypatch):
    from orchestration.publish.publisher import copy_memory_limit

    for configured, used in [("4GB", "512MB"), ("256MB", "256MB"), ("0.5GiB", "512MB")]:
        monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", configured)
        assert copy_memory_limit() == used


def test_unknown_source_is_one_line(capsys, tmp_path):
    line = one_line_error(capsys, ["build", "--year", "2024", "--source", "ftp://x/y.zip",
                                   "--warehouse", str(tmp_path / "trade.duckdb")])  # fmt: skip
    assert "unknown customs source 'ftp://x/y.zip'" in line


def test_publish_without_a_warehouse_creates_nothing(capsys, tmp_path):
    warehouse = tmp_path / "none" / "trade.duckdb"
    line = one_line_error(capsys, ["publish", "--warehouse", str(warehouse)])
    assert f"no warehouse at {warehouse}" in line
    assert not (tmp_path / "none" / "published").exists()


def test_unwritable_warehouse_folder_is_one_line(capsys, tmp_path):
    """A path under a file (what a read-only mount gives a root user too): no traceback."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    line = one_line_error(capsys, ["build", "--year", "2024", "--source", "synthetic",
                                   "--warehouse", str(blocker / "trade.duckdb")])  # fmt: skip
    assert f"cannot write the warehouse folder {blocker}" in line


def test_validate_checks_every_year_of_a_range(capsys, three_years):
    assert main(["validate", "--year", "2023..2024", "--warehouse", str(three_years)]) == 0
    out = capsys.readouterr().out
    assert "raw_customs_trade_rows 2023 (" in out and "raw_customs_trade_rows 2024 (" in out


def test_validate_of_a_year_not_loaded_is_refused_in_one_line(capsys, hand_built):
    """It validated nothing and answered « 0 failed », exit 0."""
    assert main(["validate", "--year", "2023..2024", "--warehouse", str(hand_built)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"territorial-trade validate: error: 2023 not loaded in {hand_built} (loaded: 2024): "
        "build it first, then validate")  # fmt: skip


@pytest.mark.parametrize("option", ["", "   "])
def test_an_empty_warehouse_option_is_refused_not_taken_for_the_default(capsys, option):
    assert main(["status", "--warehouse", option]) == 2
    assert capsys.readouterr().err.strip() == (
        f"territorial-trade status: error: --warehouse {option!r}: an empty path; give the "
        "warehouse file, such as warehouse/trade.duckdb")  # fmt: skip


def test_a_warehouse_path_that_is_a_device_or_a_folder_is_refused(capsys, monkeypatch, tmp_path):
    """`WAREHOUSE_PATH=/dev/null build` wrote its folders under /dev/."""
    monkeypatch.setenv("WAREHOUSE_PATH", "/dev/null")
    assert main(["build", "--year", "2024", "--source", "synthetic"]) == 2
    assert "error: WAREHOUSE_PATH '/dev/null': not a regular file" in capsys.readouterr().err
    assert main(["status", "--warehouse", str(tmp_path)]) == 2
    assert f"--warehouse '{tmp_path}': not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["synth", "--year", "2024", "--out", "x", "--seed", "-1"],
     "argument --seed: '-1': expected a whole number from 0 to 4294967295"),
    (["ui", "--port", "99999"],
     "argument --port: '99999': expected a whole number from 1 to 65535"),
])  # fmt: skip
def test_a_seed_or_a_port_out_of_range_is_a_usage_error(capsys, argv, message):
    """`synth --seed -1` ended in numpy's traceback; `ui --port 99999` announced a port it did
    not listen on."""
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("TT_SCHEDULE_CRON", "every day", "TT_SCHEDULE_CRON='every day': expected a cron string of "
     "five fields, such as '0 6 15 10 *' (15 October, 06:00)"),
    ("TT_SENSOR_INTERVAL_SECONDS", "abc", "TT_SENSOR_INTERVAL_SECONDS='abc': expected a whole "
     "number of seconds, at least 30 (default 86400)"),
])  # fmt: skip
def test_a_bad_automation_setting_is_one_line_before_a_build_runs(
    capsys, monkeypatch, tmp_path, variable, value, message
):
    """They were read when the definitions were imported: exit 1 and no line at all."""
    monkeypatch.setenv(variable, value)
    argv = ["build", "--year", "2024", "--source", "synthetic",
            "--warehouse", str(tmp_path / "trade.duckdb")]  # fmt: skip
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == f"territorial-trade build: error: {message}"
    assert not (tmp_path / "trade.duckdb").exists()


def test_fiches_for_an_unknown_area_is_one_line(capsys, tmp_path, hand_built):
    copy = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, copy)
    shutil.copytree(hand_built.parent / "exports", tmp_path / "exports")
    line = one_line_error(capsys, ["fiches", "--year", "2024", "--department", "2B",
                                   "--warehouse", str(copy)])  # fmt: skip
    assert "no department '2B' in 2024 (known: 13, 20, 75, 92, 95, 971, 99)" in line or (
        "no department '2B' in 2024" in line
    )


@pytest.mark.parametrize("planted", ["docs/dbt/index.html", "dbt-target/run_results.json",
                                     "exports", "raw/2024"])  # fmt: skip
def test_nothing_is_written_through_a_link_out_of_the_warehouse_folder(capsys, tmp_path, planted):
    """A file or folder planted as a symbolic link to somewhere outside: refused in one line
    naming the link and where it leads, before anything is written; the outside is untouched."""
    folder = tmp_path / "wh"
    folder.mkdir()
    warehouse = folder / "trade.duckdb"
    duckdb.connect(str(warehouse)).close()
    outside = tmp_path / "elsewhere" / "precious.txt"
    outside.parent.mkdir()
    outside.write_text("keep me")
    link = folder / planted
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside if "." in link.name else outside.parent)
    line = one_line_error(capsys, ["publish", "--warehouse", str(warehouse)])
    assert line == (
        f"territorial-trade publish: error: {link} is a symbolic link to "
        f"{outside if '.' in link.name else outside.parent}, outside the warehouse folder "
        f"{folder}; nothing is written through it: remove the link (or make it a real folder) "
        "and run again"
    )
    assert outside.read_text() == "keep me" and os.listdir(outside.parent) == ["precious.txt"]
    assert not (folder / "published").exists()


def test_links_inside_the_warehouse_folder_are_allowed(tmp_path):
    root = tmp_path / "wh"
    (root / "published" / "versions" / "v1").mkdir(parents=True)
    (root / "published" / "current").symlink_to(Path("versions") / "v1")
    assert links_leading_out(root / "published", root) == []
    (root / "published" / "versions" / "v1" / "x.parquet").symlink_to(tmp_path)
    assert links_leading_out(root / "published", root) == [
        (root / "published" / "versions" / "v1" / "x.parquet", tmp_path)
    ]
    assert links_leading_out(root / "missing", root) == []


def _damage(path: Path) -> None:
    """Overwrite the second half of the file's blocks (after its 12 KB of headers) with noise:
    what a failing disk or a bad copy leaves."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(max(12288, size // 2))
        handle.write(bytes(range(256)) * ((size - handle.tell()) // 256))


@pytest.mark.parametrize("command", ["status", "validate", "publish"])
def test_a_damaged_warehouse_is_named_in_one_line(capsys, tmp_path, hand_built, command):
    copy = tmp_path / "trade.duckdb"
    shutil.copyfile(hand_built, copy)
    _damage(copy)
    argv = [command, "--warehouse", str(copy)] + (["--year", "2024"] * (command == "validate"))
    line = one_line_error(capsys, argv)
    assert line.startswith(f"territorial-trade {command}: error: the warehouse {copy} is damaged")
    assert line.endswith(
        "move it aside and rebuild it from the archives cached in raw/ (docs/reliability.md, "
        "« A damaged warehouse »)"
    )
    assert not (tmp_path / "published").exists()


def test_status_reads_every_table_of_a_sound_warehouse(hand_built):
    from orchestration.warehouse import verify_readable

    with duckdb.connect(str(hand_built), read_only=True) as con:
        tables = con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0]
    assert verify_readable(hand_built) == tables > 20


def _used_instance(home: Path) -> Path:
    """An instance with its stores written (one run of a tiny job), as builds leave it."""
    from dagster import DagsterInstance, asset, materialize

    from orchestration.settings import prepare_dagster_home

    @asset
    def one() -> int:
        return 1

    prepare_dagster_home(home)
    with DagsterInstance.from_config(str(home)) as instance:
        assert materialize([one], instance=instance).success
    return home


@pytest.mark.parametrize("damaged", ["history/runs.db", "history/runs/index.db"])
def test_a_damaged_dagster_instance_is_moved_aside_with_one_warning(tmp_path, damaged):
    """Run history is not data: the project's own instance, damaged, is moved aside (kept) and a
    new one started; before, every build printed only « 2023 load » and the log path."""
    from orchestration.instance import probe, usable_instance

    home = _used_instance(tmp_path / "dagster_home")
    assert probe(home) is None
    (home / damaged).write_bytes(b"\x8f not sqlite " * 300)
    warnings = []
    assert usable_instance(home, warnings.append) == home
    [warning] = warnings
    assert warning.startswith(f"the Dagster instance {home} was damaged (DatabaseError: ")
    assert "file is not a database" in warning and "moved aside to" in warning
    [aside] = tmp_path.glob("dagster_home.damaged-*")
    assert (aside / damaged).exists()  # kept, not deleted
    assert probe(home) is None  # the new one works


def test_a_damaged_dagster_yaml_the_user_wrote_is_named(tmp_path):
    from orchestration.instance import usable_instance
    from orchestration.settings import ConfigError

    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("run_storage: [oops\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        usable_instance(home, lambda message: None)
    assert str(info.value).startswith(
        f"the Dagster instance {home} is damaged (ParserError: while parsing a flow"
    )
    assert "its dagster.yaml is yours: mend it, or move the folder aside" in str(info.value)
    assert (home / "dagster.yaml").read_text(encoding="utf-8") == "run_storage: [oops\n"


def test_recover_takes_the_published_vintage_of_each_cached_year(tmp_path):
    """A newer vintage cached but never published (rejected, or refused) is not rebuilt from;
    without a publication, the newest; a year lacking a flow is named."""
    from orchestration.errors import UserError
    from orchestration.recover import choose_archives, contiguous

    raw = tmp_path / "raw"
    for year, vintages in ((2023, ["202401"]), (2024, ["202501", "202502"])):
        for vintage in vintages:
            for flow in ("export", "import"):
                path = raw / str(year) / f"{vintage}-Regional-{year}-{flow}.zip"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"zip")
    (raw / "territoires").mkdir()  # not a year
    names = {y: [p.name for p in ps] for y, ps in choose_archives(raw, {2024: "202501"}).items()}
    assert names == {
        2023: ["202401-Regional-2023-export.zip", "202401-Regional-2023-import.zip"],
        2024: ["202501-Regional-2024-export.zip", "202501-Regional-2024-import.zip"],
    }
    assert choose_archives(raw, {})[2024][0].name == "202502-Regional-2024-export.zip"
    (raw / "2023" / "202401-Regional-2023-import.zip").unlink()
    with pytest.raises(UserError, match=r"raw/2023: no import archive for 2023: this year"):
        choose_archives(raw, {})
    (raw / "2023" / "202401-Regional-2023-import.zip").write_bytes(b"zip")
    with pytest.raises(UserError, match=r"no export archive of vintage 202503 \(the published"):
        choose_archives(raw, {2024: "202503"})
    assert contiguous([2022, 2023, 2024]) and not contiguous([2021, 2023])


def test_recover_without_cached_archives_is_one_line(capsys, tmp_path):
    warehouse = tmp_path / "wh" / "trade.duckdb"
    line = one_line_error(capsys, ["recover", "--warehouse", str(warehouse)])
    assert line == (f"territorial-trade recover: error: no cached archives under "
                    f"{warehouse.parent / 'raw'}: nothing to rebuild from; build the years from "
                    "their source")  # fmt: skip


def test_recover_takes_the_local_archives_a_year_was_built_from(tmp_path):
    """A year built from a local folder is read in place, not cached: its acquisition record
    names the archives, taken if they are still there unchanged (sha256)."""
    import json

    from orchestration.ingest.download import sha256_file
    from orchestration.recover import choose_archives, gather

    source, raw = tmp_path / "src", tmp_path / "raw" / "2024"
    source.mkdir()
    raw.mkdir(parents=True)
    paths = []
    for flow in ("export", "import"):
        path = source / f"202501-Regional-2024-{flow}.zip"
        path.write_bytes(flow.encode())
        paths.append(path)
    inputs = [{"path": str(p), "kind": "archive", "sha256": sha256_file(p)} for p in paths]
    (raw / "acquired.json").write_text(json.dumps({"year": 2024, "inputs": inputs}))
    chosen = choose_archives(tmp_path / "raw", {2024: "202501"})
    assert chosen == {2024: paths}
    gathered = gather(chosen, tmp_path / "raw", tmp_path / "raw" / ".recover-1")
    assert sorted(p.name for p in gathered.iterdir()) == [p.name for p in paths]
    assert sorted(p.name for p in raw.glob("*.zip")) == [p.name for p in paths]  # now cached
    paths[1].write_bytes(b"changed since")  # the source changed: the cached copy is taken
    assert choose_archives(tmp_path / "raw", {2024: "202501"})[2024][1] == raw / paths[1].name
    assert (raw / paths[1].name).read_bytes() == b"import"  # a copy, not a link
    for cached in raw.glob("*.zip"):
        cached.unlink()  # not cached, and the source changed since the year was built
    with pytest.raises(Exception, match=r"no import archive of vintage 202501"):
        choose_archives(tmp_path / "raw", {2024: "202501"})


def test_fiches_take_the_warehouse_lock(capsys, hand_built):
    """`fiches` rewrote the pages a build rewrites and withdraws, without the lock."""
    from orchestration.warehouse import build_lock

    with build_lock(hand_built, "build"):
        assert main(["fiches", "--year", "2024", "--department", "92",
                     "--warehouse", str(hand_built)]) == 2  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"territorial-trade fiches: error: the warehouse {hand_built} is busy")


def test_bad_tariff_scenarios_or_territoires_settings_are_refused_before_a_build(
    capsys, monkeypatch, tmp_path
):
    """`TARIFF_SCENARIOS` and `TERRITOIRES_SOURCE` were checked only after the year was
    promoted (the `--tariff-scenarios` option was checked first)."""
    argv = ["build", "--year", "2024", "--source", "synthetic",
            "--warehouse", str(tmp_path / "w" / "trade.duckdb")]  # fmt: skip
    monkeypatch.setenv("TERRITOIRES_SOURCE", str(tmp_path / "nowhere.csv"))
    assert main(argv) == 2
    assert "unknown Territoires d'industrie source" in capsys.readouterr().err
    monkeypatch.delenv("TERRITOIRES_SOURCE")
    bad = tmp_path / "scenarios.csv"
    bad.write_bytes(b"scenario_id,scenario_label\ns1,x")
    monkeypatch.setenv("TARIFF_SCENARIOS", str(bad))
    assert main(argv) == 2
    assert f"{bad}: line 1: missing column(s)" in capsys.readouterr().err
    assert not (tmp_path / "w").exists()


def test_a_tariff_file_neither_utf8_nor_windows_1252_is_one_line():
    from orchestration.ingest.tariff_scenarios import (
        COLUMNS,
        TariffScenarioError,
        known_codes,
        parse_scenarios,
    )

    raw = (",".join(COLUMNS) + "\ns1,Sc\x81nario,US,*,0.1,src,n\n").encode("latin-1")
    with pytest.raises(TariffScenarioError, match=r"f.csv: line 2: byte 0x81 \(offset \d+\) is "
                       "neither UTF-8 nor Windows-1252"):  # fmt: skip
        parse_scenarios(raw, "f.csv", known_codes())
