"""Atomic file writes: the one way this project puts a file in place.

A file is written under a temporary name in its own folder (same file system), flushed, then
renamed over the target: a reader sees the old file or the new one, never half of one, and a
crash leaves at most a hidden `.*.part` file behind, never a truncated target.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temporary_sibling(path: Path) -> Path:
    """A hidden name beside `path`, unique to this process: `.<name>.<pid>.part`."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def sweep_parts(path: Path) -> list[Path]:
    """Remove the temporary siblings of `path` that a killed process left (`.<name>.<pid>.part`
    whose process is gone); a living process's is kept. Returns what was removed."""
    removed = []
    for part in path.parent.glob(f".{path.name}.*.part"):
        pid = part.name[len(path.name) + 2 : -len(".part")]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # alive (or not ours to signal): its file is still being written
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        part.unlink(missing_ok=True)
        removed.append(part)
    return removed


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `path`, on error it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_sibling(path)
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def copy_file(src: Path, dest: Path) -> Path:
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)
    return dest


def is_stamped(stamp: Path, key: str, *outputs: Path) -> bool:
    """`stamp` holds `key` and every output exists: the outputs were made from `key`.

    The stamp is written last, once every output is in place, and removed before they are
    written again: an interrupted write leaves no stamp, so the outputs are made again.
    """
    return stamp.exists() and all(path.exists() for path in outputs) and stamp.read_text() == key


def replace_symlink(link: Path, target: str | Path) -> None:
    """Point `link` at `target` in one rename (a symlink made beside it, then renamed over)."""
    tmp = temporary_sibling(link)
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target, target_is_directory=True)
    try:
        tmp.replace(link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def links_leading_out(folder: Path, root: Path) -> list[tuple[Path, Path]]:
    """Every symbolic link under `folder` (itself included) whose target is not inside `root`:
    (link, where it leads). Links are not followed while walking, so a planted link is found
    before anything is written through it; the project's own links (`published/current`) stay
    inside and are allowed."""
    root = root.resolve()
    found: list[tuple[Path, Path]] = []
    candidates = [folder]
    for base, dirs, names in os.walk(folder) if folder.is_dir() and not folder.is_symlink() else []:
        candidates += [Path(base, name) for name in dirs + names]
    for path in candidates:
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                found.append((path, target))
    return found
