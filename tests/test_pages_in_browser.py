"""The HTML pages in a real browser, as a reader opens, reads, prints and copies them.

Chromium from the Debian packages (`/usr/bin/chromium`, installed by `.ci/setup`), driven by
Playwright with that executable; the pages are served by a local HTTP server on 127.0.0.1. axe-core
is the copy that the `axe-playwright-python` package ships (`axe.min.js`), injected in the page.
Without Chromium the tests are skipped, and say why.

What is measured: every chart drawn inline (SVG, no script loaded), no two chart labels
overlapping and none cut by its drawing's edge (boxes as the browser lays the text out), no
serious or critical axe-core violation (WCAG 2.1 A and AA rules), the print layout (A4: nothing
wider than the page, every chart whole on a page), a fiche's folder copied alone and opened from
disk, the index's filter, keyboard sorting and French order.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

import pytest

from orchestration.fiches.names import fiche_pdf

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
A4_PRINT_WIDTH_PX = 186 / 25.4 * 96  # A4 less the print stylesheet's 12 mm margins, in CSS px
A4_PRINT_HEIGHT_PX = (297 - 26) / 25.4 * 96
PAGE_BUDGET = 600_000  # bytes: a fiche with everything it loads


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test output stays readable
        pass


def serve(folder: Path):
    """`folder` served on 127.0.0.1; returns (base URL, server)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def site(hand_built):
    """The exports folder served on 127.0.0.1; yields its base URL."""
    url, server = serve(hand_built.parent / "exports")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, url: str, **options):
    """A page loaded with its console errors, page errors, failed requests and the bytes of
    every response recorded."""
    page = browser.new_page(**options)
    problems: list[str] = []
    loaded: dict[str, int] = {}
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)  # fmt: skip
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)  # fmt: skip
    page.on("requestfinished", lambda r: loaded.__setitem__(r.url, r.sizes()["responseBodySize"]))
    page.goto(url, wait_until="load")
    page.loaded = loaded
    return page, problems


def _links_resolve(page, url: str) -> None:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs, url
    for href in hrefs:
        if href.startswith(("http", "mailto:")):  # the practical information's: not followed
            continue
        target = urljoin(url, href)
        response = page.request.get(target)
        assert response.status == 200, (url, href, response.status)


# Every chart's text lines as the browser lays them out; pairs of lines of two different labels
# that intersect, and lines that reach past their drawing.
LABEL_BOXES = """() => {
  const out = {charts: 0, lines: 0, overlaps: [], cut: []};
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    out.charts++;
    const frame = svg.getBoundingClientRect();
    const boxes = [];
    svg.querySelectorAll('text').forEach((text, k) => {
      for (const span of text.querySelectorAll('tspan')) {
        if (!span.textContent.trim()) continue;
        const r = span.getBoundingClientRect();
        boxes.push({k, t: span.textContent, l: r.left, t0: r.top, r: r.right, b: r.bottom});
      }
    });
    out.lines += boxes.length;
    for (const a of boxes) {
      if (a.l < frame.left - 1 || a.r > frame.right + 1 || a.t0 < frame.top - 1
          || a.b > frame.bottom + 1) out.cut.push(a.t);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.k === b.k) continue;  // the lines of one label
      if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > 0.5
          && Math.min(a.b, b.b) - Math.max(a.t0, b.t0) > 0.5) out.overlaps.push([a.t, b.t]);
    }
  }
  return out;
}"""


def label_layout(page) -> dict:
    return page.evaluate(LABEL_BOXES)


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations of the WCAG 2.0/2.1 A and AA rules."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def print_layout(page) -> dict:
    """The page as printed on A4: its width and its charts' sizes, in CSS pixels."""
    page.set_viewport_size({"width": round(A4_PRINT_WIDTH_PX), "height": 1100})
    page.emulate_media(media="print")
    return page.evaluate(
        """() => ({
          width: document.documentElement.scrollWidth,
          charts: [...document.querySelectorAll('figure.chart')].map(f => {
            const r = f.getBoundingClientRect(); return [r.width, r.height]; }),
        })"""
    )


@pytest.mark.parametrize("area", ["department/92", "region/11", "france/FR", "department/20"])
def test_fiche_charts_are_inline_svg_with_text_alternatives(browser, site, area):
    url = f"{site}2024/{area}/fiche.html"
    page, problems = open_page(browser, url)
    charts = page.locator("figure.chart")
    count = charts.count()
    assert count >= 5, (area, count)  # partners, activities, two Sankeys, quarters (+ comparisons)
    for i in range(count):
        figure = charts.nth(i)
        svg = figure.locator("svg[role=img]")
        assert svg.count() == 1 and svg.get_attribute("aria-label"), (area, i)
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, (area, i, box)
        # the data table, collapsed, with the chart's CSV
        details = figure.locator("details")
        assert not details.evaluate("d => d.open")
        assert details.locator("table tbody tr").count() >= 1
        csv = details.locator("a[href$='.csv']").first.get_attribute("href")
        assert page.request.get(urljoin(url, csv)).status == 200
        assert figure.locator("svg title").count() >= 1  # values on hover
    # nothing loaded but the page itself: no script, no style sheet, no image
    assert list(page.loaded) == [url], page.loaded
    assert sum(page.loaded.values()) <= PAGE_BUDGET
    assert page.locator("script").count() == 0
    assert page.locator(f"a[href='{fiche_pdf(*area.split('/'), 2024)}']").count() == 1
    assert problems == []
    _links_resolve(page, url)
    page.close()


def test_corsica_shows_no_chart_twice(browser, site):
    """Corse (20) is its region's only département: the region's Sankeys would repeat its own."""
    page, _ = open_page(browser, f"{site}2024/department/20/fiche.html")
    labels = page.eval_on_selector_all("figure.chart svg", "s => s.map(e => e.outerHTML)")
    assert len(labels) == len(set(labels))
    assert "Île-de-France" not in page.content()
    page.close()


@pytest.mark.parametrize(
    "path",
    ["department/92/fiche.html", "region/11/fiche.html", "france/FR/fiche.html",
     "department/971/fiche.html", "region/94/fiche.html"],
)  # fmt: skip
def test_no_chart_label_overlaps_another_or_is_cut(browser, site, path):
    for width in (1200, 700):  # a desktop window, a narrow one
        page, _ = open_page(browser, f"{site}2024/{path}", viewport={"width": width,
                                                                     "height": 900})  # fmt: skip
        layout = label_layout(page)
        assert layout["charts"] >= 5 and layout["lines"] > 50, layout
        assert layout["overlaps"] == [], (path, width, layout["overlaps"][:5])
        assert layout["cut"] == [], (path, width, layout["cut"][:5])
        page.close()


def test_the_label_measure_finds_overlaps_and_cuts(browser):
    """The measure the layout tests rely on can fail: two labels drawn on one another, one past
    its drawing's right edge."""
    page = browser.new_page()
    page.set_content(
        '<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="200" height="80" '
        'viewBox="0 0 200 80"><text font-size="12"><tspan x="10" y="20">Allemagne</tspan></text>'
        '<text font-size="12"><tspan x="20" y="24">Belgique</tspan></text><text font-size="12">'
        '<tspan x="170" y="60">Royaume-Uni</tspan></text></svg></figure>'
    )
    layout = label_layout(page)
    assert layout["overlaps"] == [["Allemagne", "Belgique"]]
    assert layout["cut"] == ["Royaume-Uni"]
    page.close()


@pytest.mark.parametrize(
    "path", ["department/92/fiche.html", "index.html", "territoires/index.html",
             "territoires/ti-1101/index.html"],
)  # fmt: skip
def test_axe_core_finds_no_serious_violation(browser, site, path):
    page, _ = open_page(browser, f"{site}2024/{path}")
    assert axe_violations(page) == []
    page.close()


@pytest.mark.parametrize("path", ["department/92/fiche.html", "france/FR/fiche.html"])
def test_a_fiche_prints_on_a4_with_every_chart_whole(browser, site, path, tmp_path):
    page, _ = open_page(browser, f"{site}2024/{path}")
    layout = print_layout(page)
    assert layout["width"] <= A4_PRINT_WIDTH_PX + 1, layout["width"]
    assert layout["charts"]
    for width, height in layout["charts"]:
        assert width <= A4_PRINT_WIDTH_PX + 1
        assert height <= A4_PRINT_HEIGHT_PX, (width, height)  # fits a page: never split
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    assert len(pages) >= 4
    assert all(abs(float(p.mediabox.width) - 595.3) < 1 for p in pages)  # A4, 210 mm
    page.close()


def test_a_fiche_folder_copied_alone_works_offline(browser, hand_built, tmp_path):
    """One area's folder, copied anywhere and opened from disk: every chart is there."""
    copy = tmp_path / "92"
    shutil.copytree(hand_built.parent / "exports" / "2024" / "department" / "92", copy)
    page, problems = open_page(browser, (copy / "fiche.html").as_uri())
    assert page.locator("figure.chart svg").count() >= 5
    assert problems == []
    assert label_layout(page)["overlaps"] == []
    page.close()


def test_index_filter_sort_keyboard_and_french_order(browser, site):
    url = f"{site}2024/index.html"
    page, problems = open_page(browser, url)
    rows = page.locator("#fiches tbody tr")
    total = rows.count()
    assert total >= 10
    assert page.get_by_label("Rechercher un territoire (nom ou code)").count() == 1

    def visible_codes(query: str) -> list[str]:
        page.fill("#filter", query)
        return page.eval_on_selector_all(
            "#fiches tbody tr:not([hidden])", "rows => rows.map(r => r.children[1].textContent)"
        )

    assert visible_codes("hauts de seine") == ["92"]
    assert visible_codes("HAUTS-DE-SEINE") == ["92"]
    assert sorted(visible_codes("ile-de-france")) == ["11", "75", "92", "95"]
    assert sorted(visible_codes("guadeloupe")) == ["01", "971"]
    assert visible_codes("92") == ["92"]
    figure = page.eval_on_selector_all(
        "#fiches tbody tr", "rows => rows[0].children[5].textContent"
    )
    digits = re.sub(r"\D", "", figure)  # France's share of France, « 100,00 % »: not a code
    assert len(digits) >= 3 and visible_codes(digits) == []
    assert page.locator("#found").inner_text() == "0 fiche"
    assert len(visible_codes("")) == total

    # the headers are buttons: reached and pressed from the keyboard, their order announced
    header = page.locator("#fiches th", has_text="Exportations (M€)")
    column = header.evaluate("th => th.cellIndex")
    header.locator("button").focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"

    def values() -> list[float]:
        return page.eval_on_selector_all(
            "#fiches tbody tr",
            f"rows => rows.map(r => parseFloat(r.children[{column}].dataset.value))",
        )

    assert values() == sorted(values())
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert values() == sorted(values(), reverse=True)

    # names in French order: « Île-de-France » among the I, not after « Val-d'Oise »
    page.locator("#fiches th button", has_text="Territoire").click()
    names = page.eval_on_selector_all(
        "#fiches tbody tr", "rows => rows.map(r => r.children[2].textContent)"
    )
    assert names.index("Guadeloupe") < names.index("Île-de-France") < names.index("Paris")
    assert problems == []
    _links_resolve(page, url)
    page.close()


def test_territory_pages_load_and_their_links_resolve(browser, site):
    url = f"{site}2024/territoires/index.html"
    page, problems = open_page(browser, url)
    _links_resolve(page, url)
    first = page.locator("a[href^='ti-'][href$='index.html']").first.get_attribute("href")
    territory, more = open_page(browser, urljoin(url, first))
    assert territory.locator("img").evaluate("img => img.naturalWidth") > 100  # the map
    _links_resolve(territory, urljoin(url, first))
    assert problems == [] and more == []
    page.close()
    territory.close()


PHONE = {"width": 390, "height": 844}  # a phone held upright, in CSS px
# the elements wider than the window, outermost first: where a reader would scroll sideways
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && !out.some(o => o.el.contains(el))) {
      let box = el.parentElement, scrolled = false;  // inside a box that scrolls: allowed
      for (; box; box = box.parentElement) {
        const s = getComputedStyle(box);
        if (['auto', 'scroll'].includes(s.overflowX) && box.clientWidth <= width) {
          scrolled = true; break;
        }
      }
      const kind = typeof el.className === 'string' && el.className
        ? '.' + el.className.split(' ')[0] : '';
      const name = el.tagName.toLowerCase() + kind;
      if (!scrolled) out.push({el, name, right: Math.round(r.right)});
    }
  }
  // each chart label's size as drawn: its font size times the drawing's scale
  const small = [];
  for (const svg of document.querySelectorAll('figure.chart .drawing svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      const size = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale;
      if (size < 8) small.push(`${t.textContent.slice(0, 30)} ${size.toFixed(1)}px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, small: small.slice(0, 8),
          n_small: small.length, over: out.slice(0, 8).map(o => `${o.name} to ${o.right}px`)};
}"""


@pytest.mark.parametrize(
    "path", ["department/92/fiche.html", "region/11/fiche.html", "france/FR/fiche.html",
             "department/971/fiche.html", "index.html", "territoires/index.html",
             "territoires/ti-1101/index.html"],
)  # fmt: skip
def test_a_phone_reads_every_page_without_scrolling_sideways(browser, site, path):
    """WCAG 1.4.10 (reflow): at 390 px the page is no wider than the window; a wide table or a
    chart scrolls in its own box, which a keyboard reaches (axe-core's rules, at that width too);
    no chart label is drawn under 8 px."""
    page, problems = open_page(browser, f"{site}2024/{path}", viewport=PHONE)
    layout = page.evaluate(OVERFLOWING)
    assert layout["scroll"] <= layout["width"] and layout["over"] == [], (path, layout)
    assert layout["n_small"] == 0, (path, layout)
    assert problems == []
    assert axe_violations(page) == []
    page.close()
