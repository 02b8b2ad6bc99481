"""Open a customs ZIP archive safely and find what is inside by content.

Refused: members with absolute paths, `..` components or symbolic links; archives whose
uncompressed size exceeds a cap, or a member whose compression ratio exceeds a cap (zip bombs:
checked on the declared sizes, then on the bytes actually written); NUL bytes in a data file
(named with its line). The data file is found by content (ten `;` fields, first field `E` or
`I`), whatever its name or folder; the annexes by their names.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from orchestration.customs.labels import label_kind
from orchestration.customs.records import looks_like_data_line
from orchestration.files import atomic_path

DEFAULT_MAX_UNCOMPRESSED = 8 * 1024**3  # 8 GiB: a real year is about 100 MB per flow
# A customs data file compresses about 8:1 (measured on the synthetic full-size year: 7.6:1);
# a member expanding more than this is a bomb, not data.
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR = 1024**2  # small members (annexes, tests) are never refused for their ratio


def inflation_cap(compressed: int, max_bytes: int = DEFAULT_MAX_UNCOMPRESSED) -> int:
    """The most bytes a member of `compressed` bytes may inflate to before it is a bomb."""
    return min(max_bytes, max(_RATIO_FLOOR, MAX_COMPRESSION_RATIO * max(compressed, 1)))


class ArchiveError(ValueError):
    """An archive that is refused; the message names the archive and the member."""


# what zipfile and zlib raise on a damaged member: a bad CRC (`BadZipFile`), a broken deflate
# stream (`zlib.error`), a member cut short (`EOFError`)
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


@contextmanager
def _damage_named(archive: Path, member: str) -> Iterator[None]:
    """A damaged member read inside this block is an ArchiveError naming it (a bad download:
    fetch it again), not a Python class."""
    try:
        yield
    except DAMAGE as exc:
        raise ArchiveError(f"{archive.name}!{member}: the member is damaged ({exc}); the "
                           "archive is corrupt: download it again; refused") from exc  # fmt: skip


@dataclass
class ArchiveContents:
    archive: Path
    data_members: list[str] = field(default_factory=list)
    label_members: dict[str, str] = field(default_factory=dict)  # kind -> member name


def _check_member(archive: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"{archive.name}: member {name!r} has an absolute path; refused")
    if ".." in posix.parts:
        raise ArchiveError(f"{archive.name}: member {name!r} escapes the archive ('..'); refused")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise ArchiveError(f"{archive.name}: member {name!r} is a symbolic link; refused")


def _first_line(zf: zipfile.ZipFile, name: str) -> str:
    with zf.open(name) as handle:
        head = handle.readline(4096)
    return head.decode("utf-8", errors="replace")


def inspect_archive(
    path: Path, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED
) -> ArchiveContents:
    """Check every member and classify them; raise ArchiveError on anything unsafe."""
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"{path.name}: not a valid ZIP archive ({exc})") from exc
    contents = ArchiveContents(archive=path)
    with zf:
        infos = zf.infolist()
        total = 0
        for info in infos:
            _check_member(path, info)
            total += info.file_size
        if total > max_uncompressed:
            raise ArchiveError(
                f"{path.name}: uncompressed size {total:,} bytes exceeds the cap of "
                f"{max_uncompressed:,} bytes; refused"
            )
        for info in infos:
            _check_ratio(path, info.filename, info.file_size, info.compress_size)
        for info in infos:
            if info.is_dir():
                continue
            kind = label_kind(info.filename)
            if kind is not None:
                contents.label_members.setdefault(kind, info.filename)
                continue
            if info.file_size == 0:
                continue
            with _damage_named(path, info.filename):
                first = _first_line(zf, info.filename)
            if looks_like_data_line(first):
                contents.data_members.append(info.filename)
    if not contents.data_members:
        raise ArchiveError(
            f"{path.name}: no customs data file found (looked for a member whose first line has "
            f"10 ';' fields starting with E or I; members: {[i.filename for i in infos]})"
        )
    return contents


def _check_ratio(archive: Path, member: str, size: int, compressed: int) -> None:
    if size > _RATIO_FLOOR and size > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise ArchiveError(
            f"{archive.name}: member {member!r} expands {size / max(compressed, 1):,.0f} times "
            f"(cap {MAX_COMPRESSION_RATIO}:1); refused as a zip bomb"
        )


def extract_member(
    path: Path, member: str, dest: Path, max_bytes: int = DEFAULT_MAX_UNCOMPRESSED
) -> int:
    """Stream one data member to `dest` (a file path); return the bytes written.

    Refuses to write more than `max_bytes`, more than the ratio cap times the compressed size,
    or a NUL byte (named with its line number). The declared size of a member can lie; the
    count of bytes actually written cannot. Nothing is left at `dest` on refusal.
    """
    written = 0
    lines = 1
    with (zipfile.ZipFile(path) as zf, _damage_named(path, member), zf.open(member) as src,
          atomic_path(dest) as tmp):  # fmt: skip
        compressed = zf.getinfo(member).compress_size
        with tmp.open("wb") as out:
            while chunk := src.read(1 << 20):
                nul = chunk.find(b"\0")
                if nul >= 0:
                    line = lines + chunk.count(b"\n", 0, nul)
                    raise ArchiveError(
                        f"{path.name}!{member}, line {line:,}: NUL byte (offset "
                        f"{written + nul:,}); a customs data file is plain text; refused"
                    )
                lines += chunk.count(b"\n")
                written += len(chunk)
                if written > max_bytes:
                    raise ArchiveError(
                        f"{path.name}: member {member!r} expands beyond {max_bytes:,} bytes; "
                        "refused"
                    )
                _check_ratio(path, member, written, compressed)
                out.write(chunk)
    return written


def read_member(path: Path, member: str, max_bytes: int = 64 * 1024**2) -> bytes:
    """Read a small member (an annex) whole."""
    with zipfile.ZipFile(path) as zf, _damage_named(path, member), zf.open(member) as src:
        data = src.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArchiveError(f"{path.name}: member {member!r} is larger than {max_bytes:,} bytes")
    return data


def find_nul(path: Path) -> tuple[int, int] | None:
    """(line number, byte offset) of the first NUL byte of a file, or None."""
    lines, offset = 1, 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            nul = chunk.find(b"\0")
            if nul >= 0:
                return lines + chunk.count(b"\n", 0, nul), offset + nul
            lines += chunk.count(b"\n")
            offset += len(chunk)
    return None
