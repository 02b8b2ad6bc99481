"""The real download code against a local HTTP server on 127.0.0.1 (no network, no mocks)."""

from __future__ import annotations

import io
import zipfile

import pytest

from orchestration.ingest.download import DownloadError, check_url_allowed, download
from orchestration.ingest.listing import ListingError
from orchestration.ingest.sources import FetchOptions, SourceSpec, acquire, read_manifest
from tests.helpers import Answer, ScriptedServer

FAST = {"retries": 2, "backoff": 0.01, "timeout": 5.0}


def zip_bytes(
    name: str = "REGIONAL_CPF4PAYSE.txt", text: str = "E;1;2024;92;03;C21Z;2120;DE;1;1\r\n"
) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, text)
    return buf.getvalue()


def listing_pages(server: ScriptedServer, year_links: list[str]) -> str:
    """Two listing pages: page 1 links page 2 only; page 2 holds the archive links."""
    page1 = (
        '<html><body><a href="/files/other.pdf">doc</a>'
        '<nav class="pager"><a href="/opendata?f=458&page=1">Suivant</a></nav></body></html>'
    )
    links = "".join(f'<a href="{href}">zip</a>' for href in year_links)
    page2 = f'<html><body>{links}<a href="/opendata?f=458&page=0">Précédent</a></body></html>'
    server.route("/opendata?f=458", Answer(body=page1.encode(), content_type="text/html"))
    server.route("/opendata?f=458&page=1", Answer(body=page2.encode(), content_type="text/html"))
    server.route("/opendata?f=458&page=0", Answer(body=page1.encode(), content_type="text/html"))
    return server.base + "/opendata?f=458"


def test_official_source_follows_pagination_and_picks_newest_vintage(tmp_path):
    with ScriptedServer() as server:
        links = [
            "/files/2024-09/01/202408-Regional-2024-export.zip",
            "/files/2024-09/01/202408-Regional-2024-import.zip",
            "/files/2025-03/02/202502-Regional-2024-export_0.zip",
            "/files/2025-03/02/202502-Regional-2024-import.zip",
            "/files/2023-10/06/202308-Regional-2023-export.zip",
        ]
        for href in links:
            server.route(href, Answer(body=zip_bytes()))
        listing = listing_pages(server, links)
        acquired = acquire(
            SourceSpec("official"), 2024, tmp_path / "raw" / "2024",
            FetchOptions(listing_url=listing, **FAST),
        )  # fmt: skip
        names = sorted(i.path.name for i in acquired.inputs)
        assert names == ["202502-Regional-2024-export_0.zip", "202502-Regional-2024-import.zip"]
        assert acquired.vintage == "202502"
        assert server.hits["/opendata?f=458&page=1"] == 1
        manifest = read_manifest(tmp_path / "raw" / "2024")
        entry = manifest["202502-Regional-2024-export_0.zip"]
        assert entry["vintage"] == "202502" and len(entry["sha256"]) == 64
        assert entry["url"].endswith("202502-Regional-2024-export_0.zip")


def test_year_not_published_fails_clearly(tmp_path):
    with ScriptedServer() as server:
        listing = listing_pages(
            server,
            ["/f/202408-Regional-2024-export.zip", "/f/202408-Regional-2024-import.zip"],
        )
        with pytest.raises(
            ListingError, match=r"year 2025 is not published yet .*latest year listed: 2024"
        ):
            acquire(
                SourceSpec("official"), 2025, tmp_path, FetchOptions(listing_url=listing, **FAST)
            )


def test_server_error_then_success_is_retried(tmp_path):
    body = zip_bytes()
    with ScriptedServer() as server:
        url = server.route("/a.zip", Answer(status=500, body=b"oops"), Answer(body=body))
        got = download(url, tmp_path / "a.zip", **FAST)
        assert got.size == len(body)
        assert server.hits["/a.zip"] == 2
        assert (tmp_path / "a.zip").read_bytes() == body


def test_timeout_is_retried(tmp_path):
    body = zip_bytes()
    with ScriptedServer() as server:
        url = server.route("/slow.zip", Answer(body=body, delay=1.5), Answer(body=body))
        got = download(url, tmp_path / "slow.zip", retries=2, backoff=0.01, timeout=0.5)
        assert got.size == len(body)
        assert server.hits["/slow.zip"] == 2


def test_truncated_body_is_rejected_and_leaves_nothing(tmp_path):
    body = zip_bytes(text="E;1;2024;92;03;C21Z;2120;DE;1;1\r\n" * 2000)
    with ScriptedServer() as server:
        url = server.route("/t.zip", Answer(body=body, truncate_to=len(body) // 2))
        with pytest.raises(DownloadError, match=r"failed after 3 attempts: truncated body"):
            download(url, tmp_path / "t.zip", **FAST)
        assert server.hits["/t.zip"] == 3
    assert list(tmp_path.iterdir()) == []


def test_html_page_instead_of_zip_is_rejected(tmp_path):
    with ScriptedServer() as server:
        url = server.route(
            "/h.zip",
            Answer(body=b"<!DOCTYPE html><html>Maintenance</html>", content_type="text/html"),
        )
        with pytest.raises(
            DownloadError, match=r"not a ZIP archive \(body starts with '<!DOCTYPE html"
        ):
            download(url, tmp_path / "h.zip", **FAST)
    assert not (tmp_path / "h.zip").exists()


def test_body_over_the_cap_is_refused(tmp_path):
    with ScriptedServer() as server:
        url = server.route("/big.zip", Answer(body=zip_bytes() * 3))
        with pytest.raises(DownloadError, match="exceeds the cap"):
            download(url, tmp_path / "big.zip", max_bytes=100, **FAST)


def test_not_found_is_not_retried(tmp_path):
    with ScriptedServer() as server:
        with pytest.raises(DownloadError, match="HTTP 404"):
            download(server.base + "/missing.zip", tmp_path / "m.zip", **FAST)
        assert server.hits["/missing.zip"] == 1


def test_only_https_or_loopback_http():
    check_url_allowed("https://www.douane.gouv.fr/x.zip")
    check_url_allowed("http://127.0.0.1:8000/x.zip")
    check_url_allowed("http://[::1]:8000/x.zip")
    check_url_allowed("http://localhost/x.zip")
    for url in ["http://www.douane.gouv.fr/x.zip", "ftp://127.0.0.1/x.zip", "http://10.0.0.1/x"]:
        with pytest.raises(DownloadError, match="only https"):
            check_url_allowed(url)


def test_cached_archive_is_not_downloaded_again(tmp_path):
    with ScriptedServer() as server:
        export = server.route("/d/202408-Regional-2024-export.zip", Answer(body=zip_bytes()))
        server.route("/d/202408-Regional-2024-import.zip", Answer(body=zip_bytes("I.txt")))
        spec = SourceSpec("url", urls=(export,))  # the import URL is derived
        cache = tmp_path / "raw" / "2024"
        first = acquire(spec, 2024, cache, FetchOptions(**FAST))
        second = acquire(spec, 2024, cache, FetchOptions(**FAST))
        assert server.hits["/d/202408-Regional-2024-export.zip"] == 1
        assert server.hits["/d/202408-Regional-2024-import.zip"] == 1
        assert [i.sha256 for i in first.inputs] == [i.sha256 for i in second.inputs]
        # a damaged cached file is fetched again
        (cache / "202408-Regional-2024-export.zip").write_bytes(b"damaged")
        acquire(spec, 2024, cache, FetchOptions(**FAST))
        assert server.hits["/d/202408-Regional-2024-export.zip"] == 2


def test_a_year_is_taken_from_one_release_for_both_flows(tmp_path):
    """The listing's newest release of 2024 has only its export: refused, naming the release
    and the missing flow (it was built with the export of 202511 and the import of 202508)."""
    with ScriptedServer() as server:
        listing = listing_pages(server, [
            "/f/202508-Regional-2024-export.zip", "/f/202508-Regional-2024-import.zip",
            "/f/202511-Regional-2024-export.zip"])  # fmt: skip
        with pytest.raises(ListingError, match=r"newest release, 202511, has no import archive"):
            acquire(
                SourceSpec("official"), 2024, tmp_path, FetchOptions(listing_url=listing, **FAST)
            )


def test_a_folder_never_mixes_releases_and_synthetic_never_outranks_official(tmp_path):
    """A folder with 202501's two archives and a synthetic export: 202501 for both flows (the
    synthetic file sorted after the numbers and was taken for the export). With a newer
    release's export alone: refused, naming the file missing and the others."""
    from orchestration.ingest.sources import SourceError

    for name in ["202501-Regional-2024-export.zip", "202501-Regional-2024-import.zip",
                 "SYNTH-Regional-2024-export.zip"]:  # fmt: skip
        (tmp_path / name).write_bytes(zip_bytes())
    acquired = acquire(SourceSpec("directory", directory=tmp_path), 2024, tmp_path / "cache")
    assert sorted(i.path.name for i in acquired.inputs) == [
        "202501-Regional-2024-export.zip", "202501-Regional-2024-import.zip"]  # fmt: skip
    assert acquired.vintage == "202501"
    (tmp_path / "202509-Regional-2024-export.zip").write_bytes(zip_bytes())
    with pytest.raises(
        SourceError,
        match=r"no import archive of release 202509 for 2024 .*"
        r"also there, from another release: 202501-Regional-2024-export.zip",
    ):
        acquire(SourceSpec("directory", directory=tmp_path), 2024, tmp_path / "cache")
