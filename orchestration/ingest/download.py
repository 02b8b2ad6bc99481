"""Download a file safely: streamed to a temporary file, verified, then renamed into place.

https only, at every hop: a redirect is followed only to a URL the same policy accepts; plain
http is accepted for loopback addresses alone (so tests can serve files from 127.0.0.1).
Timeouts, connection errors, truncated bodies and 5xx answers are retried with exponential
backoff; 4xx answers are not. Each file has an overall deadline, retries included, so a server
that trickles bytes is cut off.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from orchestration.files import sweep_parts, temporary_sibling
from orchestration.ingest.archive import DAMAGE

USER_AGENT = "territorial-trade/0.1 (+DGDDI open data loader)"
DEFAULT_MAX_BYTES = 2 * 1024**3  # a real annual archive is a few tens of MB
DEFAULT_DEADLINE = 30 * 60.0  # seconds for one file, every attempt included


class DownloadError(RuntimeError):
    """A download that failed for good; the message names the URL and the reason."""


class _Transient(Exception):
    """A failure worth retrying (timeout, reset, truncated body, 5xx)."""


@dataclass(frozen=True)
class Downloaded:
    url: str
    path: Path
    sha256: str
    size: int


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url_allowed(url: str) -> None:
    """https anywhere; http only to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    raise DownloadError(
        f"{url}: refused: only https URLs are fetched (plain http only for loopback addresses)"
    )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a URL the policy accepts (https, or http on loopback)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        try:
            check_url_allowed(newurl)
        except DownloadError as exc:
            raise DownloadError(
                f"{req.full_url}: redirected ({code}) to {newurl}: refused: only https URLs are "
                "fetched"
            ) from exc
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_CheckedRedirects)


def _open(url: str, timeout: float):
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    return _OPENER.open(req, timeout=timeout)


def fetch_text(url: str, timeout: float = 30.0, retries: int = 3, backoff: float = 1.0,
               deadline_seconds: float = 120.0) -> str:  # fmt: skip
    """GET a small text resource (a listing page) with the same retry policy, within
    `deadline_seconds` in all (a server that trickles never trips the socket timeout)."""
    check_url_allowed(url)
    deadline = time.monotonic() + deadline_seconds

    def attempt() -> str:
        try:
            with _open(url, min(timeout, max(deadline - time.monotonic(), 0.1))) as resp:
                parts, size = [], 0
                while size <= 16 * 1024**2 and (chunk := resp.read1(64 * 1024)):
                    if time.monotonic() > deadline:
                        raise DownloadError(f"{url}: not read within {deadline_seconds:,.0f} s; "
                                            "the server is too slow, gave up")  # fmt: skip
                    parts.append(chunk)
                    size += len(chunk)
                body = b"".join(parts)[: 16 * 1024**2]
                charset = resp.headers.get_content_charset() or "utf-8"
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise _Transient(f"HTTP {exc.code}") from exc
            raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError,
                http.client.HTTPException) as exc:  # fmt: skip
            raise _Transient(str(exc)) from exc
        return body.decode(charset, errors="replace")

    return _with_retries(url, attempt, retries, backoff, deadline)


def _with_retries(
    url: str, attempt: Callable, retries: int, backoff: float, deadline: float | None = None
):
    last: Exception | None = None
    for i in range(retries + 1):
        try:
            return attempt()
        except _Transient as exc:
            last = exc
            if i < retries:
                pause = backoff * (2**i)
                if deadline is not None and time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
    tries = i + 1
    raise DownloadError(f"{url}: failed after {tries} attempt{'s' if tries > 1 else ''}: {last}")


def verify_zip(path: Path, url: str) -> None:
    """The body is a readable ZIP archive, not an HTML error page or a truncated file."""
    with path.open("rb") as handle:
        head = handle.read(64)
    if not head.startswith(b"PK"):
        preview = head[:40].decode("latin-1", errors="replace")
        raise DownloadError(f"{url}: not a ZIP archive (body starts with {preview!r})")
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                _test_member(zf, info, url)
    except DAMAGE as exc:
        raise DownloadError(f"{url}: corrupt or truncated ZIP archive ({exc})") from exc


def _test_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, url: str) -> None:
    """Read one member to its end (its CRC checked), as `testzip` does, but under the bomb caps
    while it inflates: never more than the uncompressed cap, nor the ratio cap times its
    compressed size (`ingest.archive`); a bomb is refused after that many bytes, not inflated
    whole."""
    from orchestration.ingest.archive import inflation_cap

    cap = inflation_cap(info.compress_size)
    read = 0
    with zf.open(info) as member:
        while chunk := member.read(1 << 20):
            read += len(chunk)
            if read > cap:
                raise DownloadError(f"{url}: member {info.filename!r} expands beyond {cap:,} "
                                    "bytes as it inflates; refused as a zip bomb")  # fmt: skip


def _content_length(value: str | None) -> int | None:
    """The declared length, or None when absent or not a whole number (`Content-Length: abc`:
    the body is read to its end, its size capped and the archive verified all the same)."""
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def download(
    url: str,
    dest: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    deadline_seconds: float = DEFAULT_DEADLINE,
    verify: Callable[[Path, str], None] | None = verify_zip,
) -> Downloaded:
    """Stream `url` to `dest` atomically; `dest` is only ever the complete, verified file.

    `deadline_seconds` bounds the whole download, every attempt included.
    """
    check_url_allowed(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    sweep_parts(dest)  # what a killed download of it left
    tmp = temporary_sibling(dest)
    deadline = time.monotonic() + deadline_seconds

    def attempt() -> Downloaded:
        digest = hashlib.sha256()
        size = 0
        try:
            left = deadline - time.monotonic()
            with _open(url, min(timeout, max(left, 0.1))) as resp, tmp.open("wb") as out:
                declared = _content_length(resp.headers.get("Content-Length"))
                if declared is not None and declared > max_bytes:
                    raise DownloadError(
                        f"{url}: declared size {declared:,} bytes exceeds the cap "
                        f"of {max_bytes:,} bytes"
                    )
                while chunk := resp.read1(1 << 20):
                    if time.monotonic() > deadline:
                        raise DownloadError(
                            f"{url}: not complete after {deadline_seconds:,.0f} s "
                            f"({size:,} bytes received); the server is too slow, gave up"
                        )
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(f"{url}: body exceeds the cap of {max_bytes:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                if declared is not None and size != declared:
                    raise _Transient(f"truncated body: {size:,} of {declared:,} bytes")
        except urllib.error.HTTPError as exc:
            tmp.unlink(missing_ok=True)
            if exc.code >= 500:
                raise _Transient(f"HTTP {exc.code}") from exc
            raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
        except DownloadError:
            tmp.unlink(missing_ok=True)
            raise
        except _Transient:
            tmp.unlink(missing_ok=True)
            raise
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError,
                http.client.HTTPException) as exc:  # fmt: skip
            # HTTPException: a chunked body cut mid-chunk (IncompleteRead), a bad status line
            tmp.unlink(missing_ok=True)
            raise _Transient(f"{type(exc).__name__}: {exc}") from exc
        return Downloaded(url=url, path=tmp, sha256=digest.hexdigest(), size=size)

    try:
        got = _with_retries(url, attempt, retries, backoff, deadline)
        if verify is not None:
            verify(got.path, url)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    got.path.replace(dest)
    return Downloaded(url=got.url, path=dest, sha256=got.sha256, size=got.size)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
