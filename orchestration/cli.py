"""The `territorial-trade` command: synth, build, demo.

`build` materializes the asset graph for a year (or a range of years) in-process and records the
runs in the Dagster instance (`DAGSTER_HOME`, default `dagster_home/` beside the warehouse), so
the Dagster UI shows them.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from orchestration.settings import FIRST_YEAR, dagster_home, prepare_dagster_home


def parse_years(text: str) -> list[int]:
    """`2024` or `2019..2024` (inclusive)."""
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
    return list(range(first, last + 1))


def _configure_environment(args: argparse.Namespace) -> Path:
    """Pin WAREHOUSE_PATH / DAGSTER_HOME / CUSTOMS_SOURCE before the definitions are imported."""
    from orchestration.settings import warehouse_path

    if getattr(args, "warehouse", None):
        os.environ["WAREHOUSE_PATH"] = str(Path(args.warehouse).expanduser().resolve())
    warehouse = warehouse_path()
    os.environ["WAREHOUSE_PATH"] = str(warehouse)
    home = prepare_dagster_home(dagster_home(warehouse))
    os.environ["DAGSTER_HOME"] = str(home)
    if getattr(args, "source", None):
        os.environ["CUSTOMS_SOURCE"] = args.source
    return warehouse


def cmd_synth(args: argparse.Namespace) -> int:
    from orchestration.synth.generator import write_archives

    for year in args.year:
        for path in write_archives(year, Path(args.out), scale=args.scale, seed=args.seed):
            print(path)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    warehouse = _configure_environment(args)
    from orchestration.jobs import build_years

    ok = build_years(
        args.year,
        source=os.environ.get("CUSTOMS_SOURCE", "official"),
        scale=args.scale,
        seed=args.seed,
        refresh=args.refresh,
    )
    print(f"warehouse: {warehouse}")
    return 0 if ok else 1


def cmd_validate(args: argparse.Namespace) -> int:
    warehouse = _configure_environment(args)
    if not warehouse.exists():
        print(f"no warehouse at {warehouse}: run 'territorial-trade build' first", file=sys.stderr)
        return 2
    from orchestration.validation.report import format_report, validate_warehouse

    results = validate_warehouse(warehouse, args.year[0])
    print(format_report(results))
    return 0 if all(r.success for r in results) else 1


def cmd_fiches(args: argparse.Namespace) -> int:
    warehouse = _configure_environment(args)
    from orchestration.fiches.batch import render_many
    from orchestration.fiches.index import write_index
    from orchestration.fiches.store import exports_dir

    year = args.year[0]
    folder = exports_dir(warehouse, year)
    areas = sorted((p.parent.parent.name, p.parent.name) for p in folder.glob("*/*/totals.json"))
    if not areas:
        print(f"no chart datasets under {folder}: run 'territorial-trade build --year {year}'",
              file=sys.stderr)  # fmt: skip
        return 2
    from orchestration.fiches.batch import render_territories
    from orchestration.fiches.territories import (
        read_territories,
        territories_by_department,
        write_territories_index,
    )

    territories = read_territories(warehouse)
    ti_ids = sorted({t.ti_id for t in territories})
    if args.territoire:
        if args.territoire not in ti_ids:
            print(f"no Territoire d'industrie {args.territoire!r} (ids look like ti-1101)",
                  file=sys.stderr)  # fmt: skip
            return 2
        ti_ids = [args.territoire]
        deps = {t.department_code for t in territories if t.ti_id == args.territoire}
        areas = [(lv, c) for lv, c in areas if lv == "department" and c in deps]
    elif args.department or args.region:
        level, code = (
            ("department", args.department) if args.department else ("region", args.region)
        )
        if (level, code) not in areas:
            known = ", ".join(c for lv, c in areas if lv == level)
            print(f"no {level} {code!r} in {year} (known: {known})", file=sys.stderr)
            return 2
        areas = [(level, code)]
        ti_ids = []
    timings = render_many(folder, areas, territories_by_department(territories), progress=print)
    if ti_ids:
        render_territories(folder, year, territories, ti_ids)
        write_territories_index(territories, folder, year)
        for ti_id in ti_ids[:5]:
            print(folder / "territoires" / ti_id / "index.html")
    index = write_index(folder, year, territories=len({t.ti_id for t in territories}))
    for level, code, seconds in sorted(timings):
        print(f"{folder / level / code / 'fiche.pdf'}  ({seconds:.1f} s)")
    print(f"index: {index}")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    warehouse = _configure_environment(args)
    from orchestration.publish.publisher import PublishError, publish, published_dir, rollback

    try:
        if args.rollback:
            version = rollback(warehouse)
            print(f"rolled back: {published_dir(warehouse) / 'trade.duckdb'} is version {version}")
        else:
            publication = publish(warehouse, keep=args.keep)
            print(f"published version {publication.version} in {published_dir(warehouse)}")
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    """`dagster dev` on 127.0.0.1 against this warehouse's instance (webserver and daemon)."""
    warehouse = _configure_environment(args)
    print(f"warehouse: {warehouse}\nDagster instance: {os.environ['DAGSTER_HOME']}")
    print(f"open http://127.0.0.1:{args.port}")
    dagster = str(Path(sys.executable).with_name("dagster"))
    argv = [dagster, "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1",
            "-p", str(args.port)]  # fmt: skip
    os.execv(dagster, argv)
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="territorial-trade",
        description="French departmental foreign-trade statistics: warehouse and fiches.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    synth = sub.add_parser("synth", help="write SYNTHETIC archives in the official layout")
    synth.add_argument("--year", type=parse_years, required=True)
    synth.add_argument("--out", required=True, help="output folder")
    synth.add_argument("--scale", choices=["sample", "full"], default="sample")
    synth.add_argument("--seed", type=int, default=0)
    synth.set_defaults(func=cmd_synth)

    def add_build_options(p: argparse.ArgumentParser, source_default: str | None) -> None:
        p.add_argument("--year", type=parse_years, default=None, help="YYYY or YYYY..YYYY")
        p.add_argument(
            "--source",
            default=source_default,
            help="synthetic | official | https://...zip | local folder (env CUSTOMS_SOURCE)",
        )
        p.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")
        p.add_argument("--scale", choices=["sample", "full"], default="sample",
                       help="synthetic source only")  # fmt: skip
        p.add_argument("--seed", type=int, default=0, help="synthetic source only")
        p.add_argument("--refresh", action="store_true", help="download again even if cached")

    build = sub.add_parser("build", help="materialize the whole asset graph for a year")
    add_build_options(build, None)
    build.set_defaults(func=cmd_build)

    demo = sub.add_parser("demo", help="build 2024 offline from the synthetic source")
    add_build_options(demo, "synthetic")
    demo.set_defaults(func=cmd_build, demo=True)

    fiches = sub.add_parser("fiches", help="render the fiches (HTML and PDF) of a built year")
    fiches.add_argument("--year", type=parse_years, required=True)
    which = fiches.add_mutually_exclusive_group()
    which.add_argument("--department", help="INSEE département code, e.g. 92 or 971")
    which.add_argument("--region", help="INSEE region code, e.g. 11")
    which.add_argument("--territoire", help="Territoire d'industrie id, e.g. ti-1101")
    fiches.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")
    fiches.set_defaults(func=cmd_fiches)

    publish = sub.add_parser("publish", help="publish the marts for BI tools, or roll back")
    publish.add_argument("--rollback", action="store_true", help="restore the previous version")
    publish.add_argument("--keep", type=int, default=int(os.environ.get("PUBLISH_KEEP", "3")),
                         help="versions kept (env PUBLISH_KEEP, default 3)")  # fmt: skip
    publish.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")
    publish.set_defaults(func=cmd_publish)

    ui = sub.add_parser("ui", help="open the Dagster UI (dagster dev on 127.0.0.1)")
    ui.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")
    ui.add_argument("--source", help="customs source for runs launched from the UI")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)

    validate = sub.add_parser("validate", help="run the validation suites on the warehouse")
    validate.add_argument("--year", type=parse_years, required=True)
    validate.add_argument("--warehouse", help="warehouse file (env WAREHOUSE_PATH)")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in ("build", "demo"):
        if args.year is None:
            if args.command == "demo":
                args.year = [2024]
            else:
                parser.error("build needs --year YYYY or --year YYYY..YYYY")
        if args.command == "build" and args.source is None:
            args.source = os.environ.get("CUSTOMS_SOURCE", "official")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
