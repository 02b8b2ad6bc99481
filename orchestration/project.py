"""The dbt project, as Dagster sees it. Everything imports `dbt_project` from here.

Importing this module has no side effect: the manifest is prepared (`dbt parse`, only when
missing or stale) by `prepare_manifest`, which the dbt assets call when they are defined.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.settings import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """The venv's dbt (DbtCliResource otherwise looks for `dbt` on PATH)."""
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


def _manifest_is_stale(manifest: Path) -> bool:
    """Missing, or older than a file of the dbt project (a model, a test, a seed, a macro)."""
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    sources = ["dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests"]
    for name in sources:
        path = DBT_PROJECT_DIR / name
        files = [path] if path.is_file() else path.rglob("*") if path.exists() else []
        if any(f.is_file() and f.stat().st_mtime > built for f in files):
            return True
    return False


def prepare_manifest(force: bool = False) -> Path:
    """Run `dbt parse` if the manifest is missing or stale (fresh clone, edited model).

    The project is parsed into a folder of its own and each artifact (the manifest last, the
    semantic manifest MetricFlow reads) moved into place in one rename, under a lock: a process
    reading one (the definitions, the publication's column comments, `mf`) never meets a
    half-written file, and two processes that find the manifest stale parse it once."""
    manifest = dbt_project.manifest_path
    if not (force or _manifest_is_stale(manifest)):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with (manifest.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process parsing: wait for its manifest
        if force or _manifest_is_stale(manifest):
            with tempfile.TemporaryDirectory(prefix=".parse-", dir=manifest.parent) as target:
                subprocess.run(
                    [
                        dbt_executable(),
                        "parse",
                        "--quiet",
                        "--project-dir",
                        str(DBT_PROJECT_DIR),
                        "--profiles-dir",
                        str(DBT_PROJECT_DIR),
                        "--target-path",
                        target,
                    ],
                    check=True,
                    env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
                )
                # its other artifacts first (MetricFlow's `mf` reads semantic_manifest.json)
                made = sorted(Path(target).iterdir(), key=lambda p: p.name == manifest.name)
                for artifact in (p for p in made if p.is_file()):
                    os.replace(artifact, manifest.parent / artifact.name)
    return manifest
