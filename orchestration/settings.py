"""Paths and environment: where the warehouse and its outputs live.

Everything a build writes lives in the folder of the warehouse file (default
`warehouse/trade.duckdb` in the repository; `WAREHOUSE_PATH` or `--warehouse` moves it).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "trade.duckdb"
FIRST_YEAR = 2015  # first year in CPF rév. 2.1
DEFAULT_PUBLISH_KEEP = 3
# DuckDB's memory per process (its default is 80 % of the machine's): beyond it, joins,
# aggregations and sorts spill to disk beside the warehouse. Keeps a build of ten full-size
# years under 2 GB a process. `DUCKDB_MEMORY_LIMIT` changes it (a DuckDB size: "4GB").
DEFAULT_DUCKDB_MEMORY_LIMIT = "1GB"
# Below this, no build can finish: the sample year (~50 000 lines a flow) built at 128MB and ran
# out of memory in dbt at 64MB (2026-12-01, benchmarks/README.md); a full year needs more.
MIN_DUCKDB_MEMORY_LIMIT = "128MB"


# Where a build takes its data when no option says: the customs' open-data site, and the list of
# the Territoires d'industrie shipped with the project (`CUSTOMS_SOURCE`, `TERRITOIRES_SOURCE`).
DEFAULT_CUSTOMS_SOURCE = "official"
DEFAULT_TERRITOIRES_SOURCE = "bundled"


class ConfigError(ValueError):
    """A setting (option or environment variable) with a value that cannot be used."""


def last_complete_year(today: date | None = None) -> int:
    """The latest year that can be complete: the customs publish a year after it ends."""
    return (today or date.today()).year - 1


DEFAULT_SCHEDULE_CRON = "0 6 15 10 *"  # 15 October, 06:00 (Europe/Paris)
DEFAULT_SENSOR_INTERVAL = 24 * 3600  # seconds: the customs' listing polled once a day


def schedule_cron() -> str:
    """`TT_SCHEDULE_CRON`, else 15 October at 06:00; ConfigError if it is not a cron string."""
    from dagster._utils.schedules import is_valid_cron_string

    text = os.environ.get("TT_SCHEDULE_CRON") or DEFAULT_SCHEDULE_CRON
    if not is_valid_cron_string(text):
        raise ConfigError(f"TT_SCHEDULE_CRON={text!r}: expected a cron string of five fields, "
                          f"such as {DEFAULT_SCHEDULE_CRON!r} (15 October, 06:00)")  # fmt: skip
    return text


def sensor_interval() -> int:
    """`TT_SENSOR_INTERVAL_SECONDS`, else a day; ConfigError unless a whole number >= 30."""
    text = os.environ.get("TT_SENSOR_INTERVAL_SECONDS") or str(DEFAULT_SENSOR_INTERVAL)
    try:
        seconds = int(text)
    except ValueError:
        seconds = 0
    if seconds < 30:
        raise ConfigError(f"TT_SENSOR_INTERVAL_SECONDS={text!r}: expected a whole number of "
                          f"seconds, at least 30 (default {DEFAULT_SENSOR_INTERVAL})")  # fmt: skip
    return seconds


def automation_on() -> bool:
    """`TT_AUTOMATION=on`: the schedule, the new-vintage sensor and the failure alerts start
    running (the deployment); off by default (tests, demo, one person's `dagster dev`)."""
    return os.environ.get("TT_AUTOMATION", "off").lower() in ("on", "1", "true", "yes")


def alert_webhook() -> str | None:
    """`TT_ALERT_WEBHOOK`: the URL a failed run's alert is posted to (an incoming webhook of a
    team chat: Mattermost, Slack, Rocket.Chat, Teams' workflows take `{"text": ...}`); unset:
    alerts are only written beside the warehouse. ConfigError unless http(s)."""
    url = os.environ.get("TT_ALERT_WEBHOOK", "").strip()
    if not url:
        return None
    if not re.match(r"^https?://[^/\s]+", url):
        raise ConfigError(f"TT_ALERT_WEBHOOK={url!r}: expected an http:// or https:// URL (an "
                          "incoming webhook of the team's chat)")  # fmt: skip
    return url


def customs_source() -> str:
    """`CUSTOMS_SOURCE`, else the customs' open-data site (`official`)."""
    return os.environ.get("CUSTOMS_SOURCE") or DEFAULT_CUSTOMS_SOURCE


def territoires_source() -> str:
    """`TERRITOIRES_SOURCE`, else the list shipped with the project (`bundled`)."""
    return os.environ.get("TERRITOIRES_SOURCE") or DEFAULT_TERRITOIRES_SOURCE


def publish_keep(value: str | None = None) -> int:
    """`PUBLISH_KEEP` (published versions kept): a whole number >= 1, else the default."""
    text = value if value is not None else os.environ.get("PUBLISH_KEEP")
    if text is None or text.strip() == "":
        return DEFAULT_PUBLISH_KEEP
    try:
        keep = int(text)
    except ValueError:
        keep = 0
    if keep < 1:
        raise ConfigError(f"PUBLISH_KEEP={text!r}: expected a whole number of at least 1")
    return keep


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]I?B|B)")
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}  # fmt: skip


def size_bytes(text: str) -> int:
    """A DuckDB size ("1GB", "512MB", "1.5GiB") in bytes; ValueError if it is not one."""
    match = _SIZE.fullmatch(text.strip().upper())
    if match is None:
        raise ValueError(f"{text!r} is not a size such as 1GB or 512MB")
    return int(float(match[1]) * _UNITS[match[2]])


def duckdb_memory_limit() -> str:
    """`DUCKDB_MEMORY_LIMIT`, else 1GB: the memory DuckDB may use in each process."""
    text = os.environ.get("DUCKDB_MEMORY_LIMIT", "").strip() or DEFAULT_DUCKDB_MEMORY_LIMIT
    try:
        size = size_bytes(text)
    except ValueError:
        raise ConfigError(
            f"DUCKDB_MEMORY_LIMIT={text!r}: expected a size such as 1GB or 512MB"
        ) from None
    if size < size_bytes(MIN_DUCKDB_MEMORY_LIMIT):
        raise ConfigError(
            f"DUCKDB_MEMORY_LIMIT={text!r}: below the {MIN_DUCKDB_MEMORY_LIMIT} that the smallest "
            f"build needs (a year of real data needs more; the default is "
            f"{DEFAULT_DUCKDB_MEMORY_LIMIT})"
        )
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    if size > physical:
        raise ConfigError(
            f"DUCKDB_MEMORY_LIMIT={text!r}: above this machine's memory ({physical / 1e9:.1f} GB): "
            "DuckDB would be killed by the system rather than spill to disk; give at most that "
            f"(the default is {DEFAULT_DUCKDB_MEMORY_LIMIT})"
        )
    return text


def warehouse_path(value: str | None = None) -> Path:
    """The warehouse file: `value` (the `--warehouse` option) if given, else `WAREHOUSE_PATH`
    if set, else `warehouse/trade.duckdb`; absolute. ConfigError for an empty path or one that
    exists and is not a regular file (a folder, `/dev/null`)."""
    name = "--warehouse" if value is not None else "WAREHOUSE_PATH"
    text = value if value is not None else os.environ.get("WAREHOUSE_PATH")
    if text is not None and not text.strip():
        if value is None:
            text = None  # an empty variable is an unset one, as for the other settings
        else:
            raise ConfigError(f"{name} {text!r}: an empty path; give the warehouse file, such as "
                              "warehouse/trade.duckdb")  # fmt: skip
    path = Path(text or DEFAULT_WAREHOUSE).expanduser().resolve()
    if path.exists() and not path.is_file():
        raise ConfigError(f"{name} {str(path)!r}: not a regular file (a folder or a device): "
                          "the warehouse is one DuckDB file (warehouse/trade.duckdb)")  # fmt: skip
    return path


def dagster_home(warehouse: Path) -> Path:
    """`DAGSTER_HOME` if set, else `dagster_home/` beside the warehouse file."""
    env = os.environ.get("DAGSTER_HOME")
    return Path(env).resolve() if env else warehouse.parent / "dagster_home"


# The Dagster instance of a warehouse: every run writes the one DuckDB file, so runs go one at a
# time (a backfill of several years queues its runs instead of fighting over the file's lock).
# Offline public-sector users: no telemetry, no "join the community" sign-up prompt (nux).
INSTANCE_MARK = "# Written by territorial-trade."
INSTANCE_CONFIG = f"""\
{INSTANCE_MARK} Every run writes one DuckDB file: one run at a time.
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
nux:
  enabled: false
"""


def prepare_dagster_home(home: Path) -> Path:
    """Create the instance folder and its `dagster.yaml` (kept if the user wrote one)."""
    from orchestration import files

    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the Dagster instance folder {home}: {exc}") from exc
    config = home / "dagster.yaml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if not text.strip() or (text.startswith(INSTANCE_MARK) and text != INSTANCE_CONFIG):
        files.write_text(config, INSTANCE_CONFIG)
    return home
