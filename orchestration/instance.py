"""The Dagster instance of a warehouse (run history, event logs, schedule state), checked before
a build uses it: damaged, it is named in one line, and the project's own instance is moved
aside so the build can go on (run history is not data: the warehouse and the publication hold
everything the fiches and BI tools read)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from orchestration.settings import INSTANCE_MARK, ConfigError, prepare_dagster_home

# What SQLite and YAML say of a damaged file (not "database is locked": a busy file is not
# damaged, and another reader may hold it a moment).
_DAMAGE = ("not a database", "malformed", "file is encrypted", "disk image", "while parsing",
           "while scanning", "mapping values are not allowed")  # fmt: skip


def probe(home: Path) -> str | None:
    """Open the instance and read each of its stores once (runs, event logs, schedule state):
    None if it is sound, else what is damaged, in a few words."""
    from dagster import AssetKey, DagsterInstance

    try:
        with DagsterInstance.from_config(str(home)) as instance:
            instance.get_runs(limit=1)
            instance.fetch_materializations(AssetKey(["raw", "customs_trade"]), limit=1)
            instance.all_instigator_state()
    except Exception as exc:  # sorted below: damage, or not ours to judge
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if any(sign in str(exc) for sign in _DAMAGE) or type(exc).__name__.endswith(
            ("ParserError", "ScannerError", "DagsterInvalidConfigError")
        ):
            return f"{type(exc).__name__}: {text}"
        raise
    return None


def usable_instance(home: Path, warn: Callable[[str], None]) -> Path:
    """The instance folder `home`, prepared and checked. Damaged: ours (the `dagster.yaml` this
    project writes) is moved aside to `<home>.damaged-<time>` with one warning, and a new one made;
    a `dagster.yaml` the user wrote is theirs to mend: ConfigError naming the folder."""
    home = prepare_dagster_home(home)
    damage = probe(home)
    if damage is None:
        return home
    config = home / "dagster.yaml"
    ours = config.exists() and config.read_text(encoding="utf-8").startswith(INSTANCE_MARK)
    if not ours:
        raise ConfigError(
            f"the Dagster instance {home} is damaged ({damage}); its dagster.yaml is yours: mend "
            f"it, or move the folder aside (run history is not data) and run again"
        )
    aside = home.with_name(f"{home.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
    shutil.move(str(home), str(aside))
    warn(
        f"the Dagster instance {home} was damaged ({damage}): moved aside to {aside} (run "
        "history only; the warehouse and the publication are untouched), and a new one started"
    )
    return prepare_dagster_home(home)
