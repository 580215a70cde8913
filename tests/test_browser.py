"""Open every page of the built site in headless Chromium, as a reader would.

Checks per page: every chart drew marks; no request left 127.0.0.1; our own code raised no JS
error; axe-core finds no serious or critical WCAG 2.1 A/AA violation.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from swic.browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
CHROMIUM = chromium_path()
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SKIP_PAGES = {"genindex.html", "search.html"}

# Console errors of the stock theme, not of our code (see shared/STACK-NOTES.md); matched exactly.
KNOWN_THEME_ERRORS = ()

pytestmark = pytest.mark.browser


def pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if p.name not in SKIP_PAGES and "_static" not in p.parts and "_sources" not in p.parts
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium not found: install Debian's `chromium` (bash .ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def open_page(browser, url: str):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = ctx.new_page()
    seen = {"requests": [], "errors": [], "console": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('div.swic-chart')].every(e => e.dataset.rendered === 'true'"
        " || e.dataset.rendered === 'error')",
        timeout=20_000,
    )
    return ctx, page, seen


def test_site_has_pages(site):
    assert "index.html" in pages()
    assert len(pages()) >= 2


@pytest.mark.parametrize("path", pages())
def test_page_renders_offline_without_errors(browser, server, path):
    ctx, page, seen = open_page(browser, f"{server}/{path}")
    try:
        charts = page.locator("div.swic-chart")
        for i in range(charts.count()):
            chart = charts.nth(i)
            cid = chart.get_attribute("id")
            assert chart.get_attribute("data-rendered") == "true", f"{path}: chart {cid} did not render"
            marks = chart.locator(
                "svg .mark-rect path, svg .mark-rect rect, svg path.mark, svg .role-mark > *"
            )
            assert marks.count() > 0, f"{path}: chart {cid} drew no marks"
            # marks in a zero-width SVG are drawn but invisible: the chart must take real space,
            # at most the page column, without the browser shrinking it (and its text)
            box = chart.locator("svg").bounding_box()
            col = chart.bounding_box()
            assert box and box["width"] >= 250 and box["height"] >= 50, f"{path}: chart {cid} is {box}"
            assert box["width"] <= col["width"] + 1, f"{path}: chart {cid} is wider than its column"
            overflow = chart.evaluate(
                """c => { const s = c.querySelector('svg').getBoundingClientRect();
                   return [...c.querySelectorAll('svg .role-legend text, svg .role-axis-label text')]
                     .filter(t => t.textContent && t.getBoundingClientRect().right > s.right + 1)
                     .map(t => t.textContent); }"""
            )
            assert not overflow, f"{path}: chart {cid} cuts off legend or axis labels: {overflow[:5]}"
            svg_w = float(chart.locator("svg").get_attribute("width"))
            assert abs(svg_w - box["width"]) < 2, f"{path}: chart {cid} is scaled ({svg_w} → {box['width']})"
            assert chart.locator("svg").get_attribute("aria-label"), (
                f"{path}: chart {cid} has no text alternative"
            )
        foreign = [
            u
            for u in seen["requests"]
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
        ]
        assert not foreign, f"{path}: requests to other hosts: {foreign}"
        ours = [e for e in seen["errors"] + seen["console"] if e not in KNOWN_THEME_ERRORS]
        assert not [e for e in ours if "swic" in e or "vega" in e.lower()], f"{path}: JS errors: {ours}"
        assert not seen["errors"], f"{path}: uncaught JS errors: {seen['errors']}"
        assert page.locator("html").get_attribute("lang") == "nl"
    finally:
        ctx.close()


@pytest.mark.parametrize("path", pages())
def test_page_has_no_serious_accessibility_violations(browser, server, path):
    if not AXE.exists():
        pytest.fail("axe-core not installed: run `npm ci` (make test does).")
    ctx, page, _ = open_page(browser, f"{server}/{path}")
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{path}: axe found:\n" + "\n".join(bad)
    finally:
        ctx.close()


def test_content_security_policy_blocks_scripts_from_other_origins(browser, server):
    """The page's CSP refuses a script from another origin (checked by the browser, not by us)."""
    ctx, page, _ = open_page(browser, f"{server}/pages/respondenten.html")
    try:
        violated = page.evaluate(
            """() => new Promise(resolve => {
                document.addEventListener('securitypolicyviolation',
                    e => resolve(e.violatedDirective + ' ' + e.blockedURI), {once: true});
                const s = document.createElement('script');
                s.src = 'https://cdn.example.org/evil.js';
                document.head.appendChild(s);
                setTimeout(() => resolve(null), 3000);
            })"""
        )
        assert violated and violated.startswith("script-src"), f"no CSP violation reported: {violated}"
    finally:
        ctx.close()


def test_keyboard_alone_reaches_and_opens_a_charts_data_table(browser, server):
    """A keyboard user tabs from the top of a chapter to the first chart's data table, opens it with
    Enter, and can reach its CSV download; focus is visible all the way."""
    ctx, page, _ = open_page(browser, f"{server}/pages/vitaliteit.html")
    try:
        reached = None
        for _ in range(150):
            page.keyboard.press("Tab")
            info = page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 60),
                           inFigure: !!e.closest('figure.swic-figure'),
                           outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                           shadow: s.boxShadow !== 'none'}; }"""
            )
            if info["inFigure"]:
                assert info["outline"] or info["shadow"], f"focus not visible on {info}"
            if info["inFigure"] and info["tag"] == "SUMMARY":
                reached = info
                break
        assert reached, "Tab never reached a chart's 'Toon de cijfers als tabel'"
        page.keyboard.press("Enter")
        opened = page.evaluate("() => document.activeElement.closest('details').open")
        assert opened, "Enter did not open the data table"
        table_rows = page.evaluate(
            "() => document.activeElement.closest('details').querySelectorAll('tr').length"
        )
        assert table_rows > 1
        # the download link of that figure comes before its table: Shift+Tab goes back to it
        page.keyboard.press("Shift+Tab")
        link = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.getAttribute('download')]"
        )
        assert link[0] == "A" and link[1] and link[1].endswith(".csv"), f"focus went to {link}"
    finally:
        ctx.close()
