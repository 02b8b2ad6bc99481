"""The `territorial-trade` command: synth, build, demo, tariffs, status, validate, fiches, publish,
recover, ui.

`build` materializes the asset graph for a year (or a range of years) in-process and records the
runs in the Dagster instance (`DAGSTER_HOME`, default `dagster_home/` beside the warehouse), so
the Dagster UI shows them. Options are passed to the runs as values: nothing is written into the
process environment.

Exit codes: 0 done; 1 an unexpected failure (a bug: the log has the traceback); 2 a problem with
what was given (an option, a setting, the source, a file, a line, or data that failed its
checks), said in one line; 130 interrupted (Ctrl-C, SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from orchestration.errors import UserError, user_error_classes
from orchestration.settings import (
    DEFAULT_DUCKDB_MEMORY_LIMIT,
    DEFAULT_PUBLISH_KEEP,
    FIRST_YEAR,
    customs_source,
    dagster_home,
    duckdb_memory_limit,
    last_complete_year,
    prepare_dagster_home,
    publish_keep,
    schedule_cron,
    sensor_interval,
    territoires_source,
    warehouse_path,
)

EXIT_OK, EXIT_FAILED, EXIT_USER, EXIT_INTERRUPTED = 0, 1, 2, 130


def parse_years(text: str) -> list[int]:
    """`2024` or `2019..2024` (inclusive), between 2015 and the last complete year."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:\.\.\s*(\d{4})\s*)?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"invalid year {text!r}: expected YYYY or YYYY..YYYY")
    first = int(match[1])
    last = int(match[2] or match[1])
    if last < first:
        raise argparse.ArgumentTypeError(f"invalid range {text!r}: the end is before the start")
    if first < FIRST_YEAR:
        raise argparse.ArgumentTypeError(
            f"year {first} is before {FIRST_YEAR}, the first year in CPF rév. 2.1"
        )
    if last > last_complete_year():
        raise argparse.ArgumentTypeError(
            f"year {last} is not complete yet: the last complete year is {last_complete_year()}"
        )
    return list(range(first, last + 1))


def _whole_number(low: int, high: int):
    """An argparse type: a whole number from `low` to `high` (a seed the generator takes, a TCP
    port), else a usage error naming the bounds."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number from {low} to "
                                             f"{high}")  # fmt: skip
        return value

    return parse


def _warehouse(args: argparse.Namespace) -> Path:
    return warehouse_path(getattr(args, "warehouse", None))


def _instance(warehouse: Path):
    from dagster import DagsterInstance

    home = prepare_dagster_home(dagster_home(warehouse))
    return DagsterInstance.from_config(str(home))


def _checked_instance(warehouse: Path, command: str) -> Path:
    """The warehouse's Dagster instance, checked (`orchestration.instance`): a damaged one of
    ours is moved aside with a warning line; one configured by the user is a ConfigError."""
    from orchestration.instance import usable_instance

    def warn(message: str) -> None:
        print(f"territorial-trade {command}: warning: {message}", file=sys.stderr)

    return usable_instance(dagster_home(warehouse), warn)


def cmd_synth(args: argparse.Namespace) -> int:
    from orchestration.synth.generator import write_archives

    for year in args.year:
        for path in write_archives(year, Path(args.out), scale=args.scale, seed=args.seed):
            print(path)
    return EXIT_OK


def _fiche_years(years: list[int], choice: str) -> set[int]:
    return {"all": set(years), "none": set(), "last": {years[-1]}}[choice]


def cmd_build(args: argparse.Namespace) -> int:
    """Hold the warehouse lock, and run the build in a child that Ctrl-C or SIGTERM stops."""
    from orchestration.stopping import run_stoppable
    from orchestration.warehouse import build_lock

    warehouse = _warehouse(args)
    publish_keep()  # a bad PUBLISH_KEEP fails here, before anything runs
    duckdb_memory_limit()  # and a bad DUCKDB_MEMORY_LIMIT
    schedule_cron()  # and the automation's settings, which the build's definitions read
    sensor_interval()
    from orchestration.ingest.sources import parse_source

    parse_source(args.source)  # likewise an unknown source
    argv = [args.command, "--year", f"{args.year[0]}..{args.year[-1]}", "--source", args.source,
            "--warehouse", str(warehouse), "--scale", args.scale, "--seed", str(args.seed),
            "--fiches", args.fiches, "--in-child"]  # fmt: skip
    if args.refresh:
        argv.append("--refresh")
    if args.accept_revision:
        argv.append("--accept-revision")
    from orchestration.ingest.territoires_industrie import check_source

    check_source(territoires_source())  # a bad TERRITOIRES_SOURCE, before anything runs
    chosen = args.tariff_scenarios or os.environ.get("TARIFF_SCENARIOS")
    if chosen:
        from orchestration.ingest.tariff_scenarios import read_scenarios

        scenarios = Path(chosen).expanduser().resolve()
        read_scenarios(scenarios)  # a bad file (option or TARIFF_SCENARIOS) is refused here
        argv += ["--tariff-scenarios", str(scenarios)]
    log = None
    if not args.verbose:
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        log = warehouse.parent / "logs" / f"{args.command}-{stamp}.log"
    with build_lock(warehouse, args.command, wait=args.wait) as lock_fd:
        home = _checked_instance(warehouse, args.command)
        code = run_stoppable(argv, home, lock_fd, log=log)
    if code == EXIT_OK:
        if args.fiches != "none":
            print(f"fiches: {warehouse.parent / 'exports' / str(args.year[-1]) / 'index.html'}")
        print(f"Dagster UI: uv run territorial-trade ui --warehouse {warehouse}")
    if log:
        print(f"full log (Dagster, dbt): {log}")
    return code


def _build_in_child(args: argparse.Namespace) -> int:
    from orchestration.display import Reporter
    from orchestration.launch import build_years
    from orchestration.resources import run_resources

    reporter = Reporter()  # events for the parent's display, or text on a terminal of its own
    warehouse = _warehouse(args)
    resources = run_resources(
        warehouse, source=args.source, scale=args.scale, seed=args.seed,
        refresh=args.refresh, accept_revision=args.accept_revision, publish_keep=publish_keep(),
        territoires_source=territoires_source(),
        tariff_scenarios=args.tariff_scenarios,
    )  # fmt: skip
    outcomes = build_years(
        args.year, resources=resources, instance=_instance(warehouse),
        fiche_years=_fiche_years(args.year, args.fiches), reporter=reporter,
    )  # fmt: skip
    reporter.say(f"warehouse: {warehouse}")
    return _exit_code(outcomes)


def _exit_code(outcomes) -> int:
    """The first failed run decides: interrupted 130, memory or disk space ran out 3, a user
    error 2, a bug 1; all ok: 0."""
    from orchestration.exhaustion import EXIT_EXHAUSTED

    failed = [o for o in outcomes if not o.success]
    if not failed:
        return EXIT_OK
    if failed[0].interrupted:
        return EXIT_INTERRUPTED
    if failed[0].exhausted:
        return EXIT_EXHAUSTED
    return EXIT_USER if failed[0].user_error else EXIT_FAILED


def _built_years(warehouse: Path) -> tuple[list[int], set[int], set[int]]:
    """The years of the marts, those with chart datasets and those with fiches; UserError when
    the warehouse has no marts yet."""
    from orchestration.chart_datasets.store import exports_dir
    from orchestration.warehouse import connect, has_relation

    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}: build a year first")
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "marts", "trade_totals"):
            raise UserError(f"{warehouse} has no marts yet: build a year first")
        years = [y for (y,) in con.execute(
            "SELECT DISTINCT year FROM marts.trade_totals ORDER BY year").fetchall()]  # fmt: skip
    if not years:
        raise UserError(f"{warehouse} has no year in its marts: build a year first")
    datasets = {y for y in years if any(exports_dir(warehouse, y).glob("*/*/totals.json"))}
    fiches = {y for y in datasets if (exports_dir(warehouse, y) / "index.html").exists()}
    return years, datasets, fiches


def cmd_tariffs(args: argparse.Namespace) -> int:
    """Check the scenario file, hold the warehouse lock, and rebuild in a child (as `build`)."""
    from orchestration.ingest.tariff_scenarios import read_scenarios
    from orchestration.stopping import run_stoppable
    from orchestration.warehouse import build_lock

    warehouse = _warehouse(args)
    duckdb_memory_limit()
    scenarios = Path(args.file).expanduser().resolve()
    read_scenarios(scenarios)  # a bad file is refused here, in one line, before anything runs
    _built_years(warehouse)
    argv = ["tariffs", "--file", str(scenarios), "--warehouse", str(warehouse), "--in-child"]
    log = None
    if not args.verbose:
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        log = warehouse.parent / "logs" / f"tariffs-{stamp}.log"
    with build_lock(warehouse, "tariffs", wait=args.wait) as lock_fd:
        home = _checked_instance(warehouse, "tariffs")
        code = run_stoppable(argv, home, lock_fd, log=log)
    if log:
        print(f"full log (Dagster, dbt): {log}")
    return code


def _tariffs_in_child(args: argparse.Namespace) -> int:
    from orchestration.display import Reporter
    from orchestration.launch import rebuild_tariffs
    from orchestration.resources import run_resources

    reporter = Reporter()
    warehouse = _warehouse(args)
    years, datasets, fiches = _built_years(warehouse)  # read under the lock
    resources = run_resources(
        warehouse, source=customs_source(), publish_keep=publish_keep(),
        territoires_source=territoires_source(),
        tariff_scenarios=args.file,
    )  # fmt: skip
    outcomes = rebuild_tariffs(
        years, resources=resources, instance=_instance(warehouse), dataset_years=datasets,
        fiche_years=fiches, reporter=reporter,
    )  # fmt: skip
    reporter.say(f"warehouse: {warehouse}")
    return _exit_code(outcomes)


def cmd_status(args: argparse.Namespace) -> int:
    from orchestration.alerts import format_alert, last_alert
    from orchestration.status import format_status, publication_damage, year_status
    from orchestration.warehouse import verify_readable

    warehouse = _warehouse(args)
    verify_readable(warehouse)  # every block read once: a damaged file is named, exit 2
    print(format_status(year_status(warehouse)))
    if (damage := publication_damage(warehouse)) is not None:
        print(damage)
    alert = last_alert(warehouse)  # the deployment's failure sensor wrote it
    if alert is not None:
        print(format_alert(alert))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from orchestration.ingest.register import promoted_years
    from orchestration.validation.report import format_report, validate_warehouse

    warehouse = _warehouse(args)
    loaded = promoted_years(warehouse)
    missing = [year for year in args.year if year not in loaded]
    if missing:
        known = ", ".join(map(str, loaded)) or "none"
        raise UserError(f"{', '.join(map(str, missing))} not loaded in {warehouse} (loaded: "
                        f"{known}): build it first, then validate")  # fmt: skip
    results = validate_warehouse(warehouse, args.year)
    print(format_report(results))
    return EXIT_OK if all(r.success for r in results) else EXIT_FAILED


def _year_in_marts(warehouse: Path, year: int) -> bool:
    from orchestration.warehouse import connect, has_relation

    if not warehouse.exists():
        return False
    with connect(warehouse, read_only=True) as con:
        if not has_relation(con, "marts", "trade_totals"):  # render_selection says what to run
            return False
        found = con.execute("SELECT count(*) FROM marts.trade_totals WHERE year = ?", [year])
        return found.fetchone()[0] > 0


def cmd_fiches(args: argparse.Namespace) -> int:
    """Render a built year's fiches, holding the warehouse lock: a build rewrites and withdraws
    the same pages and datasets."""
    from orchestration.warehouse import build_lock

    warehouse = _warehouse(args)
    if not warehouse.exists():  # nothing to render, and no folder made for the lock
        raise UserError(f"no warehouse at {warehouse}: build a year first")
    with build_lock(warehouse, "fiches", wait=args.wait):
        _render_fiches(args, warehouse)
    return EXIT_OK


def _render_fiches(args: argparse.Namespace, warehouse: Path) -> None:
    from orchestration.chart_datasets.store import exports_dir
    from orchestration.fiches.batch import render_selection

    year = args.year[-1]
    if _year_in_marts(warehouse, year) and not any(
        exports_dir(warehouse, year).glob("*/*/totals.json")
    ):  # loaded by a range build, which wrote the last year's datasets only
        from orchestration.chart_datasets.store import write_year_datasets

        areas, written, _ = write_year_datasets(warehouse, year)
        print(f"{year}: {written} chart dataset files written for {areas} areas")
    if args.department:
        selection = ("department", args.department)
    elif args.region:
        selection = ("region", args.region)
    elif args.territoire:
        selection = ("territoire", args.territoire)
    else:
        selection = None
    render_selection(warehouse, year, selection,
                     progress=lambda what, done, total: print(f"{what} {done}/{total}"),
                     say=print)  # fmt: skip


def cmd_publish(args: argparse.Namespace) -> int:
    from orchestration.publish.publisher import publish as publish_marts
    from orchestration.publish.publisher import published_dir, rollback
    from orchestration.warehouse import build_lock, connect

    warehouse = _warehouse(args)
    keep = args.keep if args.keep is not None else publish_keep()
    if keep < 1:
        raise UserError(f"--keep {keep}: expected a whole number of at least 1")
    with build_lock(warehouse, "publish", wait=args.wait):
        if args.rollback:
            version = rollback(warehouse)
            print(f"rolled back: {published_dir(warehouse) / 'current'} is version {version}")
            return EXIT_OK
        connect(warehouse, read_only=True).close()  # a missing warehouse: one clear line
        publication = publish_marts(warehouse, keep=keep)
    print(f"published version {publication.version} in {published_dir(warehouse)}")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    """Rebuild the warehouse from the archives cached in `raw/` (`orchestration.recover`): the
    old file is moved aside, then the years are built as from a local folder."""
    from orchestration.publish.publisher import published_vintages
    from orchestration.recover import choose_archives, contiguous, gather
    from orchestration.warehouse import build_lock

    warehouse = _warehouse(args)
    raw = warehouse.parent / "raw"
    chosen = choose_archives(raw, published_vintages(warehouse)) if raw.is_dir() else {}
    if not chosen:
        raise UserError(f"no cached archives under {raw}: nothing to rebuild from; build the "
                        "years from their source")  # fmt: skip
    years = sorted(chosen)
    if not contiguous(years):
        raise UserError(f"the cached years {years} are not one range: run 'territorial-trade "
                        f"build --source {raw}/<year>' for each")  # fmt: skip
    stamp = time.strftime("%Y%m%d-%H%M%S")
    with build_lock(warehouse, "recover", wait=args.wait):
        for path in (warehouse, warehouse.with_name(f"{warehouse.name}.wal")):
            if path.exists():
                aside = path.with_name(f"{path.name}.damaged-{stamp}")
                path.rename(aside)
                print(f"kept aside: {aside}")
        folder = gather(chosen, raw, raw / f".recover-{stamp}")
    print(
        f"rebuilding {years[0]}..{years[-1]} from the archives cached in {raw}: "
        + ", ".join(f"{y} ({chosen[y][0].name.split('-')[0]})" for y in years)
    )
    argv = ["build", "--year", f"{years[0]}..{years[-1]}", "--source", str(folder),
            "--warehouse", str(warehouse), "--fiches", args.fiches]  # fmt: skip
    if args.verbose:
        argv.append("--verbose")
    try:
        return cmd_build(build_parser().parse_args(argv))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cmd_ui(args: argparse.Namespace) -> int:
    """`dagster dev` on 127.0.0.1 against this warehouse's instance (webserver and daemon)."""
    warehouse = _warehouse(args)
    home = _checked_instance(warehouse, "ui")
    print(f"warehouse: {warehouse}\nDagster instance: {home}")
    print(f"open http://127.0.0.1:{args.port}")
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DAGSTER_HOME": str(home)}
    if args.source:
        env["CUSTOMS_SOURCE"] = args.source
    dagster = str(Path(sys.executable).with_name("dagster"))
    argv = [dagster, "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1",
            "-p", str(args.port)]  # fmt: skip
    os.execve(dagster, argv, env)
    return EXIT_OK  # not reached


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2)."""

    def error(self, message: str):
        self.exit(EXIT_USER, f"{self.prog}: error: {message}\n")


def version_line() -> str:
    """`territorial-trade --version`: the project's version and those of the tools it runs on."""
    from importlib.metadata import PackageNotFoundError, version

    def of(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "not installed"

    names = ("dagster", "dbt-core", "dbt-duckdb", "duckdb", "great-expectations")
    tools = ", ".join(f"{name} {of(name)}" for name in names)
    return f"territorial-trade {of('territorial-trade')} ({tools})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="territorial-trade",
        description="French departmental foreign-trade statistics: warehouse and fiches.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    years = f"YYYY or YYYY..YYYY, {FIRST_YEAR} to {last_complete_year()}"

    synth = sub.add_parser("synth", help="write SYNTHETIC archives in the official layout")
    synth.add_argument("--year", type=parse_years, required=True, help=years)
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--scale", choices=["sample", "full"], default="sample")
    synth.add_argument("--seed", type=_whole_number(0, 2**32 - 1), default=0)
    synth.set_defaults(func=cmd_synth)

    def add_warehouse(p: argparse.ArgumentParser) -> None:
        p.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")

    def add_build_options(p: argparse.ArgumentParser, source_default: str | None) -> None:
        p.add_argument("--year", type=parse_years, default=None, help=years)
        p.add_argument(
            "--source",
            default=source_default,
            help="synthetic | official | https://...zip | local folder (env CUSTOMS_SOURCE)",
        )
        add_warehouse(p)
        p.add_argument("--scale", choices=["sample", "full"], default="sample",
                       help="synthetic source only")  # fmt: skip
        p.add_argument("--seed", type=_whole_number(0, 2**32 - 1), default=0,
                       help="synthetic source only")  # fmt: skip
        p.add_argument("--refresh", action="store_true", help="download again even if cached")
        p.add_argument("--accept-revision", action="store_true",
                       help="take a new version of a loaded year even if it loses a département "
                       "or moves France's total of a flow by more than 5 %% (refused "
                       "otherwise)")  # fmt: skip
        p.add_argument("--tariff-scenarios", metavar="FILE", default=None,
                       help="tariff scenarios CSV (env TARIFF_SCENARIOS; default: the shipped "
                       "US duties of 2025 and uniform 10 %% and 25 %%)")  # fmt: skip
        p.add_argument("--fiches", choices=["last", "all", "none"], default="last",
                       help="the fiches of the last year of the range (default), of every year "
                       "(with their chart datasets), or none")  # fmt: skip
        p.add_argument("--wait", action="store_true",
                       help="if another build holds the warehouse, wait for it")  # fmt: skip
        p.add_argument("-v", "--verbose", action="store_true",
                       help="show Dagster's and dbt's logs live (otherwise one line per stage, "
                       "the logs in <warehouse folder>/logs/)")  # fmt: skip
        p.add_argument("--in-child", action="store_true", help=argparse.SUPPRESS)

    build = sub.add_parser("build", help="materialize the whole asset graph for a year")
    add_build_options(build, None)
    build.set_defaults(func=cmd_build)

    demo = sub.add_parser("demo", help="build 2019-2024 offline from the synthetic source")
    add_build_options(demo, "synthetic")
    demo.set_defaults(func=cmd_build, demo=True)

    tariffs = sub.add_parser(
        "tariffs",
        help="use the tariff scenarios of FILE and rebuild what depends on them (marts, checks, "
        "publication, chart datasets, fiches)",
    )
    tariffs.add_argument("--file", required=True, metavar="FILE",
                         help="tariff scenarios CSV (columns: docs/indicators.md)")  # fmt: skip
    add_warehouse(tariffs)
    tariffs.add_argument("--wait", action="store_true",
                         help="if another build holds the warehouse, wait for it")  # fmt: skip
    tariffs.add_argument("-v", "--verbose", action="store_true",
                         help="show Dagster's and dbt's logs live")  # fmt: skip
    tariffs.add_argument("--in-child", action="store_true", help=argparse.SUPPRESS)
    tariffs.set_defaults(func=cmd_tariffs)

    status = sub.add_parser("status", help="every year loaded: vintage, rows, checks, published")
    add_warehouse(status)
    status.set_defaults(func=cmd_status)

    fiches = sub.add_parser("fiches", help="render the fiches (HTML and PDF) of a built year")
    fiches.add_argument("--year", type=parse_years, required=True, help="YYYY")
    which = fiches.add_mutually_exclusive_group()
    which.add_argument("--department", help="INSEE département code, e.g. 92 or 971")
    which.add_argument("--region", help="INSEE region code, e.g. 11")
    which.add_argument("--territoire", help="Territoire d'industrie id, e.g. ti-1101")
    add_warehouse(fiches)
    fiches.add_argument("--wait", action="store_true", help="wait for a running build")
    fiches.set_defaults(func=cmd_fiches)

    publish = sub.add_parser("publish", help="publish the marts for BI tools, or roll back")
    publish.add_argument(
        "--rollback", action="store_true", help="return to the version published before"
    )
    publish.add_argument("--keep", type=int, default=None,
                         help=f"versions kept (env PUBLISH_KEEP, default "
                         f"{DEFAULT_PUBLISH_KEEP})")  # fmt: skip
    publish.add_argument("--wait", action="store_true", help="wait for a running build")
    add_warehouse(publish)
    publish.set_defaults(func=cmd_publish)

    recover = sub.add_parser(
        "recover", help="rebuild a damaged warehouse from the archives cached in raw/"
    )
    add_warehouse(recover)
    recover.add_argument("--fiches", choices=["last", "all", "none"], default="last",
                         help="as for build")  # fmt: skip
    recover.add_argument("--wait", action="store_true", help="wait for a running build")
    recover.add_argument("-v", "--verbose", action="store_true", help="as for build")
    recover.set_defaults(func=cmd_recover)

    ui = sub.add_parser("ui", help="open the Dagster UI (dagster dev on 127.0.0.1)")
    add_warehouse(ui)
    ui.add_argument("--source", help="customs source for runs launched from the UI")
    ui.add_argument("--port", type=_whole_number(1, 65535), default=3000)
    ui.set_defaults(func=cmd_ui)

    validate = sub.add_parser("validate", help="run the validation suites on the warehouse")
    validate.add_argument("--year", type=parse_years, required=True, help=years)
    add_warehouse(validate)
    validate.set_defaults(func=cmd_validate)
    return parser


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a command as Ctrl-C does, from its first line: without this, a SIGTERM that
    arrives before the build's child is started (while the command checks its arguments, takes
    the lock or reads the Dagster instance) killed it with no message and no exit code 130.
    While the child runs, `stopping.run_stoppable` relays the signal instead. The previous
    handler is restored after (`main` is also called in-process, by tests)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _free_bytes(args: argparse.Namespace) -> int | None:
    """Space left on the file system of the warehouse's folder, None if it cannot be read."""
    try:
        return shutil.disk_usage(_warehouse(args).parent).free
    except Exception:  # no warehouse argument, no folder yet: nothing to say about its disk
        return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("build", "demo"):
        if args.year is None:
            if args.command == "demo":
                args.year = list(range(2019, 2025))  # six years: change, trends, CAGR
            else:
                parser.error("build needs --year YYYY or --year YYYY..YYYY")
        if args.command == "build" and args.source is None:
            args.source = customs_source()
    if getattr(args, "in_child", False):
        from orchestration.stopping import watch_parent

        watch_parent()  # the build dies with the command that started it
        # the build itself, under a parent that holds the lock
        args.func = _tariffs_in_child if args.command == "tariffs" else _build_in_child
    in_child = getattr(args, "in_child", False)
    try:
        with contextlib.nullcontext() if in_child else _sigterm_as_interrupt():
            code = args.func(args)
    except user_error_classes() as exc:
        print(f"territorial-trade {args.command}: error: {exc}", file=sys.stderr)
        code = EXIT_USER
    except KeyboardInterrupt:
        print(f"territorial-trade {args.command}: interrupted", file=sys.stderr)
        code = EXIT_INTERRUPTED
    except Exception as exc:
        from orchestration.exhaustion import EXIT_EXHAUSTED, exception_line
        from orchestration.warehouse import damaged_message, is_damage

        limit = os.environ.get("DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT
        line = exception_line(exc, args.command, limit, _free_bytes(args))
        if line is not None:  # memory or disk space ran out: one line, exit 3
            print(f"territorial-trade {args.command}: error: {line}", file=sys.stderr)
            return EXIT_EXHAUSTED
        if not is_damage(exc):
            raise
        # a damaged file found while reading (validate, publish, fiches): one line, not a trace
        where = f" (found by {args.command})"
        message = damaged_message(_warehouse(args), exc, where)
        print(f"territorial-trade {args.command}: error: {message}", file=sys.stderr)
        code = EXIT_USER
    return code


if __name__ == "__main__":
    sys.exit(main())
