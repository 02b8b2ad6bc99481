"""Fault campaign, network: every answer a server can give, against the real download code on a
local server (127.0.0.1). Each fault ends in one DownloadError naming the URL, and nothing is
left in the cache but complete, verified files."""

from __future__ import annotations

import io
import time
import warnings
import zipfile

import pytest

from orchestration.ingest.download import DownloadError, download
from orchestration.ingest.sources import FetchOptions, SourceSpec, acquire, read_manifest
from tests.helpers import Answer, ScriptedServer

FAST = {"retries": 2, "backoff": 0.01, "timeout": 5.0}


def zip_bytes(text: str = "E;1;2024;92;03;C21Z;2120;DE;1;1\r\n") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("REGIONAL_CPF4PAYSE.txt", text)
    return buf.getvalue()


def test_redirect_to_plain_http_elsewhere_is_refused(tmp_path):
    """A 302 from the allowed server to http on another host: refused before any request."""
    with ScriptedServer() as server:
        url = server.route(
            "/r.zip", Answer(status=302, headers={"Location": "http://data.example.org/r.zip"})
        )
        with pytest.raises(DownloadError) as info:
            download(url, tmp_path / "r.zip", **FAST)
        assert server.hits["/r.zip"] == 1  # a refusal is final: not retried
    message = str(info.value)
    assert "redirected (302) to http://data.example.org/r.zip: refused" in message
    assert list(tmp_path.iterdir()) == []


def test_redirect_to_ftp_is_refused(tmp_path):
    with ScriptedServer() as server:
        url = server.route("/f.zip", Answer(status=301, headers={"Location": "ftp://127.0.0.1/f"}))
        with pytest.raises(DownloadError, match=r"redirected \(301\) to ftp://127\.0\.0\.1/f"):
            download(url, tmp_path / "f.zip", **FAST)
    assert list(tmp_path.iterdir()) == []


def test_redirect_within_the_policy_is_followed(tmp_path):
    body = zip_bytes()
    with ScriptedServer() as server:
        target = server.route("/real.zip", Answer(body=body))
        url = server.route("/moved.zip", Answer(status=302, headers={"Location": target}))
        got = download(url, tmp_path / "a.zip", **FAST)
    assert got.size == len(body)


def test_slow_server_is_cut_off_at_the_deadline(tmp_path):
    """One byte every 0.2 s never trips the socket timeout; the overall deadline does."""
    body = zip_bytes("E;1;2024;92;03;C21Z;2120;DE;1;1\r\n" * 50)
    with ScriptedServer() as server:
        url = server.route("/slow.zip", Answer(body=body, trickle=0.2))
        started = time.monotonic()
        with pytest.raises(DownloadError, match=r"not complete after 2 s .*too slow, gave up"):
            download(url, tmp_path / "slow.zip", timeout=5.0, retries=3, backoff=0.01,
                     deadline_seconds=2.0)  # fmt: skip
        assert time.monotonic() - started < 6
    assert list(tmp_path.iterdir()) == []


def test_persistent_server_errors_fail_after_the_retries(tmp_path):
    with ScriptedServer() as server:
        url = server.route("/e.zip", Answer(status=503, body=b"busy"))
        with pytest.raises(DownloadError, match=r"failed after 3 attempts: HTTP 503"):
            download(url, tmp_path / "e.zip", **FAST)
        assert server.hits["/e.zip"] == 3


def test_corrupt_manifest_is_treated_as_no_cache(tmp_path):
    with ScriptedServer() as server:
        export = server.route("/d/202408-Regional-2024-export.zip", Answer(body=zip_bytes()))
        server.route("/d/202408-Regional-2024-import.zip", Answer(body=zip_bytes()))
        spec = SourceSpec("url", urls=(export,))
        cache = tmp_path / "raw" / "2024"
        acquire(spec, 2024, cache, FetchOptions(**FAST))
        (cache / "manifest.json").write_text('{"202408-Regional-2024-export.zip": {"url": ')
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            acquired = acquire(spec, 2024, cache, FetchOptions(**FAST))
        assert any("unreadable download manifest" in str(w.message) for w in caught)
        assert server.hits["/d/202408-Regional-2024-export.zip"] == 2  # downloaded again
    assert len(acquired.inputs) == 2
    assert set(read_manifest(cache)) == {
        "202408-Regional-2024-export.zip",
        "202408-Regional-2024-import.zip",
    }


def test_a_chunked_body_cut_mid_chunk_is_retried_then_named(tmp_path):
    """`IncompleteRead` escaped the retry and error policy: exit 1, no URL."""
    with ScriptedServer() as server:
        url = server.route("/c.zip", Answer(body=zip_bytes() * 4, chunked_cut=True))
        with pytest.raises(DownloadError, match=r"c\.zip.*failed after 3 attempts: IncompleteRead"):
            download(url, tmp_path / "c.zip", **FAST)
        assert server.hits["/c.zip"] == 3  # transient: retried
    assert list(tmp_path.iterdir()) == []


def test_a_content_length_that_is_no_number_is_read_to_the_end_and_verified(tmp_path):
    """`Content-Length: abc` ended in a ValueError; the body is read whole, capped and verified
    like any other."""
    body = zip_bytes()
    with ScriptedServer() as server:
        url = server.route("/l.zip", Answer(body=body, length="abc"))
        got = download(url, tmp_path / "l.zip", **FAST)
    assert got.size == len(body) and (tmp_path / "l.zip").read_bytes() == body


def test_a_killed_download_s_part_file_is_swept_by_the_next(tmp_path):
    """A download killed mid-body left `.<name>.<pid>.part` forever; the next download of the
    same file removes it (a living process's part file is left alone)."""
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    left = tmp_path / f".k.zip.{dead}.part"
    left.write_bytes(b"PK half")
    alive = tmp_path / ".k.zip.1.part"  # pid 1 lives (another user's: left alone too)
    alive.write_bytes(b"PK")
    with ScriptedServer() as server:
        url = server.route("/k.zip", Answer(body=zip_bytes()))
        download(url, tmp_path / "k.zip", **FAST)
    assert not left.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "k.zip"]


def test_a_trickling_listing_page_is_cut_off_at_its_deadline(tmp_path):
    """One byte every 0.2 s never trips the socket timeout: the listing page had no deadline."""
    from orchestration.ingest.download import fetch_text

    with ScriptedServer() as server:
        url = server.route("/liste", Answer(body=b"<html>" + b" " * 100, trickle=0.2,
                                            content_type="text/html"))  # fmt: skip
        started = time.monotonic()
        with pytest.raises(DownloadError, match=r"/liste: not read within 2 s; the server is too "
                                                r"slow, gave up"):  # fmt: skip
            fetch_text(url, timeout=5.0, retries=2, backoff=0.01, deadline_seconds=2.0)
        assert time.monotonic() - started < 6


def test_a_listing_of_endless_pages_is_cut_off_at_its_overall_deadline():
    """Each page answers in time, but the pagination never ends within the deadline."""
    from orchestration.ingest.listing import ListingError, crawl_listing

    def fetch(url: str) -> str:
        time.sleep(0.2)
        n = int(url.rsplit("=", 1)[1]) if "page=" in url else 0
        return f'<a href="https://example.gouv.fr/liste?page={n + 1}">suivante</a>'

    with pytest.raises(ListingError, match=r"^https://example\.gouv\.fr/liste: the listing was "
                                           r"not read within 1 s \(\d pages read\)"):  # fmt: skip
        crawl_listing("https://example.gouv.fr/liste", fetch, deadline_seconds=1.0)


def test_a_downloaded_zip_bomb_is_refused_while_it_inflates(tmp_path):
    """The download's check (`testzip`) inflated every member whole before the bomb caps
    applied; now it stops at the cap: 20 MB of zeros from 20 kB is refused after 2 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("REGIONAL_CPF4PAYSE.txt", b"\0" * 20_000_000)
    with ScriptedServer() as server:
        url = server.route("/b.zip", Answer(body=buf.getvalue()))
        with pytest.raises(DownloadError, match=r"b\.zip: member 'REGIONAL_CPF4PAYSE\.txt' "
                                                r"expands beyond [\d,]+ bytes as it inflates; "
                                                r"refused as a zip bomb"):  # fmt: skip
            download(url, tmp_path / "b.zip", **FAST)
        assert server.hits["/b.zip"] == 1  # final: not retried
    assert list(tmp_path.iterdir()) == []
