"""The HTML pages in a real browser: every chart drawn, no console error, the index's filter and
sort work, every link resolves.

Chromium from the Debian packages (`/usr/bin/chromium`, installed by `.ci/setup`), driven by
Playwright with that executable; the pages are served by a local HTTP server on 127.0.0.1, as a
reader's browser would load them. Without Chromium the tests are skipped, and say why.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f"no Chromium at {CHROMIUM} (apt-get install chromium, as .ci/setup does)",
)
# Chromium's own connections (updates, sync) are refused on a closed network: turned off
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test output stays readable
        pass


@pytest.fixture(scope="module")
def site(hand_built):
    """The exports folder served on 127.0.0.1; yields its base URL."""
    exports = hand_built.parent / "exports"
    handler = functools.partial(_Quiet, directory=str(exports))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser, url: str):
    """A page loaded with its console errors, page errors and failed requests recorded."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)  # fmt: skip
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)  # fmt: skip
    page.goto(url, wait_until="load")
    return page, problems


def _links_resolve(page, url: str) -> None:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs, url
    for href in hrefs:
        target = urljoin(url, href)
        response = page.request.get(target)
        assert response.status == 200, (url, href, response.status)


@pytest.mark.parametrize("area", ["department/92", "region/11", "france/FR"])
def test_every_chart_is_drawn_without_console_errors(browser, site, area):
    url = f"{site}2024/{area}/fiche.html"
    page, problems = _open(browser, url)
    charts = page.locator(".plotly-graph-div")
    count = charts.count()
    assert count >= 5, (area, count)  # partners, activities, two Sankeys, quarters (+ comparisons)
    page.wait_for_function(
        "n => document.querySelectorAll('.plotly-graph-div .main-svg').length >= n", arg=count
    )
    for i in range(count):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, (area, i, box)
        assert charts.nth(i).locator(".main-svg").count() >= 1, (area, i)
    assert problems == []
    _links_resolve(page, url)
    page.close()


def test_index_filter_and_sort_work_and_links_resolve(browser, site):
    url = f"{site}2024/index.html"
    page, problems = _open(browser, url)
    rows = page.locator("#fiches tbody tr")
    total = rows.count()
    assert total >= 10

    page.fill("input.filter", "hauts-de-seine")
    visible = page.locator("#fiches tbody tr:visible")
    assert visible.count() == 1
    assert "92" in visible.first.inner_text()
    page.fill("input.filter", "")
    assert page.locator("#fiches tbody tr:visible").count() == total

    header = page.locator("#fiches th", has_text="Exportations (M€)")
    column = header.evaluate("th => th.cellIndex")

    def values() -> list[float]:
        return page.eval_on_selector_all(
            "#fiches tbody tr",
            f"rows => rows.map(r => parseFloat(r.children[{column}].dataset.value))",
        )

    header.click()
    assert values() == sorted(values())
    header.click()
    assert values() == sorted(values(), reverse=True)
    assert problems == []
    _links_resolve(page, url)
    page.close()


def test_territory_pages_load_and_their_links_resolve(browser, site):
    url = f"{site}2024/territoires/index.html"
    page, problems = _open(browser, url)
    _links_resolve(page, url)
    first = page.locator("a[href^='ti-'][href$='index.html']").first.get_attribute("href")
    territory, more = _open(browser, urljoin(url, first))
    assert territory.locator("img").evaluate("img => img.naturalWidth") > 100  # the map
    _links_resolve(territory, urljoin(url, first))
    assert problems == [] and more == []
    page.close()
    territory.close()
