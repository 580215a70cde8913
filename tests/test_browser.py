"""Open every page of the built site in headless Chromium, as a reader would, at 320, 390 and 1280 px.

Per page and width: every chart drew marks, no chart text leaves its chart or is drawn over another
text, nothing scrolls sideways, no request leaves 127.0.0.1, no JavaScript error, and on a phone the
menu button opens the menu (and Escape closes it). Then: axe-core at the three widths, search queries,
the figure actions (downloads, link, citation), charts without JavaScript and in print, the CSP, and a
keyboard walk to a chart's table.

The browser: ``SWIC_BROWSER`` (a path), else Chromium or Chrome on the PATH, else Playwright's Chromium.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from swic import browser as swic_browser

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SKIP_PAGES = {"genindex.html", "search.html"}
WIDTHS = (320, 390, 1280)
PHONE = 390

pytestmark = pytest.mark.browser


def pages() -> list[str]:
    if not SITE.exists():
        return []
    return sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if p.name not in SKIP_PAGES
        and not {"_static", "_sources", "assets", "figuren", "pagefind", "data"} & set(p.parts)
        and p.relative_to(SITE).as_posix() != "index.html"  # the root only redirects to pages/index.html
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
    try:
        swic_browser.chromium_path()
    except swic_browser.BrowserNotFound as exc:
        pytest.fail(str(exc))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = swic_browser.launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """One browser context per width, shared by the pages (a fresh context per page costs seconds)."""
    made = {}

    def get(width: int, **kw):
        key = (width, repr(sorted(kw.items())))
        if key not in made:
            made[key] = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL", **kw)
        return made[key]

    yield get
    for ctx in made.values():
        ctx.close()


def open_page(ctx, url: str, draw: bool = True):
    page = ctx.new_page()
    seen = {"requests": [], "errors": [], "console": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.goto(url, wait_until="load")
    if draw and page.locator("div.swic-chart").count():
        page.evaluate("() => window.swicDrawAll()")
    return page, seen


CHART_TEXTS = """() => {
  const out = [];
  for (const c of document.querySelectorAll('div.swic-chart')) {
    const svg = c.querySelector('.swic-live svg');
    if (!svg) { out.push(`${c.id}: not drawn (${c.dataset.rendered})`); continue; }
    const s = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden'
                   && Number(getComputedStyle(t).opacity) > 0 && t.getAttribute('opacity') !== '0'
                   && !(t.parentElement && t.parentElement.getAttribute('opacity') === '0'))
      .map(t => [t.textContent.trim(), t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0);
    for (const [t, r] of texts) {
      if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1)
        out.push(`${c.id}: '${t}' is cut off at the chart's edge`);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i][1], b = texts[j][1];
      const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (ox > 1.5 && oy > 1.5) out.push(`${c.id}: '${texts[i][0]}' is drawn over '${texts[j][0]}'`);
    }
  }
  return out;
}"""


def test_site_has_pages(site):
    assert "pages/index.html" in pages() and len(pages()) >= 30


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", pages())
def test_page_reads_well_at_this_width(contexts, server, path, width):
    page, seen = open_page(contexts(width), f"{server}/{path}")
    try:
        problems = []
        charts = page.locator("div.swic-chart")
        for i in range(charts.count()):
            chart = charts.nth(i)
            cid = chart.get_attribute("id")
            if chart.get_attribute("data-rendered") != "true":
                problems.append(f"chart {cid} was not drawn")
                continue
            marks = chart.locator(
                ".swic-live svg .mark-rect path, .swic-live svg path.mark, .swic-live svg .role-mark > *"
            )
            if marks.count() == 0:
                problems.append(f"chart {cid} drew no marks")
            if not chart.locator(".swic-live svg").get_attribute("aria-label"):
                problems.append(f"chart {cid} has no text alternative")
        problems += page.evaluate(CHART_TEXTS)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width + 1:
            problems.append(f"the page scrolls sideways: {scroll} px wide in a {width} px window")
        foreign = [
            u
            for u in seen["requests"]
            if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).hostname != "127.0.0.1"
        ]
        if foreign:
            problems.append(f"requests to other hosts: {foreign}")
        if seen["errors"]:
            problems.append(f"JavaScript errors: {seen['errors']}")
        if page.locator("html").get_attribute("lang") != "nl":
            problems.append("the page is not marked as Dutch")
        if width == PHONE:
            problems += _menu_problems(page)
        assert not problems, f"{path} at {width} px:\n  " + "\n  ".join(problems)
    finally:
        page.close()


def _menu_problems(page) -> list[str]:
    """On a phone the visible menu button opens the navigation; Escape closes it; focus comes back."""
    toggles = page.locator(".primary-toggle:visible")
    if toggles.count() == 0:
        return ["no visible menu button"]
    toggle = toggles.first
    toggle.click()
    page.wait_for_timeout(150)
    opened = page.evaluate(
        "() => { const d = document.getElementById('pst-primary-sidebar-modal'); "
        "return !!(d && d.open && d.querySelector('nav a')) && d.contains(document.activeElement); }"
    )
    if not opened:
        return ["the menu button does not open the menu (or focus stays outside it)"]
    page.keyboard.press("Escape")
    page.wait_for_timeout(150)
    closed = page.evaluate("() => !document.getElementById('pst-primary-sidebar-modal').open")
    back = toggle.evaluate("b => document.activeElement === b")
    return (
        [] if closed and back else ["Escape does not close the menu, or focus does not return to its button"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_violations_at_this_width(contexts, server, width):
    """axe-core (WCAG 2.1 A/AA) on every page, in one browser context per width."""
    if not AXE.exists():
        pytest.fail("axe-core not installed: run `npm ci` (make test does).")
    script = AXE.read_text(encoding="utf-8")
    found = []
    for path in pages():
        page, _ = open_page(contexts(width), f"{server}/{path}")
        try:
            page.add_script_tag(content=script)
            result = page.evaluate(
                "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
            )
            found += [
                f"{path}: {v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        finally:
            page.close()
    assert not found, f"axe at {width} px:\n" + "\n".join(found)


# Words from the pages, with plural and compound forms, and the page each must find in its top five.
SEARCHES = {
    "regeldruk": "pages/administratie.html",
    "administratieve lasten": "pages/onderwerp-administratie.html",
    "jongerenwerk": "pages/respondenten.html",
    "jongerenwerkers": "pages/beroepsidentiteit.html",
    "werkplezier": "pages/vitaliteit.html",
    "mantelzorgers": "pages/vitaliteit.html",
    "polarisatie": "pages/polarisatie.html",
    "klimaatcrisis": "pages/eco-sociaal-werk.html",
    "digitale vaardigheden": "pages/digitalisering.html",
    "beroepsregister": "pages/beroepsidentiteit.html",
    "functienamen": "pages/beroepsidentiteit.html",
    "zeggenschap": "pages/zeggenschap.html",
    "sociale basis": "pages/sociale-basis.html",
    "prognoses": "pages/sectorplan.html",
    "ervaringsdeskundigheid": "pages/onderwerp-ervaringsdeskundigheid.html",
    "Motiverende gespreksvoering": "pages/methodisch-werken.html",
}


def test_search_finds_the_pages_for_dutch_words(contexts, server):
    page, seen = open_page(contexts(1280), f"{server}/search.html", draw=False)
    missed = []
    try:
        for query, expected in SEARCHES.items():
            page.goto(f"{server}/search.html?q={query}")
            page.wait_for_selector(".pagefind-ui__result-link, .pagefind-ui__message", timeout=15_000)
            page.wait_for_function(
                "() => !document.querySelector('.pagefind-ui__message') || "
                "!/Zoeken naar/.test(document.querySelector('.pagefind-ui__message').textContent)",
                timeout=15_000,
            )
            page.wait_for_timeout(300)
            links = page.evaluate(
                "() => [...document.querySelectorAll('.pagefind-ui__result-link')].slice(0, 5)"
                ".map(a => new URL(a.href).pathname.replace(/^\\//, ''))"
            )
            if expected not in links:
                missed.append(f"{query!r}: expected {expected} in the top five, got {links}")
        titles = page.evaluate("() => [...document.querySelectorAll('.pagefind-ui__result-title')].length")
        excerpts = page.evaluate(
            "() => [...document.querySelectorAll('.pagefind-ui__result-excerpt')].length"
        )
        page.goto(f"{server}/search.html?q=qqqzzz")
        page.wait_for_selector(".pagefind-ui__message", timeout=15_000)
        page.wait_for_timeout(300)
        nothing = page.locator(".pagefind-ui__message").text_content()
    finally:
        page.close()
    assert not missed, "\n".join(missed)
    assert titles and excerpts, "results show a page title and a snippet"
    assert nothing.startswith("Niets gevonden") and " u " not in f" {nothing} ", nothing


def test_ordinary_pages_do_not_load_the_search_index(contexts, server):
    page, seen = open_page(contexts(1280), f"{server}/pages/administratie.html")
    try:
        page.wait_for_timeout(300)
        assert not [u for u in seen["requests"] if "pagefind" in u or "searchindex" in u], seen["requests"]
    finally:
        page.close()


def test_every_figure_action_works(contexts, server, tmp_path):
    """Downloads (SVG, PNG, Excel, CSV), the figure's link (copied, and it lands on the figure) and the
    citation (copied, original publication first)."""
    ctx = contexts(1280, permissions=["clipboard-read", "clipboard-write"])
    page, _ = open_page(ctx, f"{server}/pages/administratie.html")
    try:
        fig = page.locator("figure.swic-figure").first
        anchor = fig.get_attribute("id")
        for label, suffix in (
            ("Afbeelding (SVG)", ".svg"),
            ("Afbeelding (PNG)", ".png"),
            ("Gegevens (Excel)", ".xlsx"),
            ("Gegevens (CSV)", ".csv"),
        ):
            with page.expect_download() as dl:
                fig.get_by_role("link", name=label, exact=True).click()
            d = dl.value
            assert d.suggested_filename.endswith(suffix), (label, d.suggested_filename)
            target = tmp_path / d.suggested_filename
            d.save_as(target)
            assert target.stat().st_size > 100, f"{label}: empty download"
        fig.get_by_role("link", name="Link naar deze figuur").click()
        page.wait_for_timeout(200)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.endswith(f"/pages/administratie.html#{anchor}"), copied
        assert fig.locator(".swic-status").text_content() == "Link gekopieerd"
        fig.locator("summary", has_text="Citeer").click()
        fig.get_by_role("button", name="Kopieer de bronvermelding").click()
        page.wait_for_timeout(200)
        citation = page.evaluate("() => navigator.clipboard.readText()")
        assert (
            citation.startswith("Movisie (2025)") and "Figuur 9.1" in citation and "[datum]" not in citation
        )
        # the link lands on the figure
        landing = ctx.new_page()
        landing.goto(copied)
        landing.wait_for_timeout(300)
        top = landing.evaluate(f"() => document.getElementById('{anchor}').getBoundingClientRect().top")
        assert 0 <= top < 300, f"the figure's link does not land on the figure (top at {top})"
        landing.close()
    finally:
        page.close()


def test_charts_show_as_images_without_javascript_and_in_print(contexts, server):
    for path in ("pages/administratie.html", "pages/vitaliteit.html", "pages/advies-naar-actie.html"):
        page, _ = open_page(contexts(1280, java_script_enabled=False), f"{server}/{path}", draw=False)
        try:
            imgs = page.locator("figure.swic-figure .swic-static img")
            assert imgs.count() == page.locator("div.swic-chart").count() > 0
            page.wait_for_function(
                "() => [...document.querySelectorAll('.swic-static img')].every(i => i.complete)"
            )
            for i in range(imgs.count()):
                img = imgs.nth(i)
                img.scroll_into_view_if_needed()
                ok = img.evaluate(
                    "i => i.complete && i.naturalWidth > 100 && i.getBoundingClientRect().height > 50"
                )
                assert ok, f"{path}: image {img.get_attribute('src')} is not visible without JavaScript"
        finally:
            page.close()
    page, _ = open_page(contexts(1280), f"{server}/pages/administratie.html")
    try:
        page.emulate_media(media="print")
        shown = page.evaluate(
            "() => [...document.querySelectorAll('div.swic-chart')].map(c => "
            "[getComputedStyle(c.querySelector('.swic-static')).display, "
            "c.querySelector('.swic-live') ? getComputedStyle(c.querySelector('.swic-live')).display : 'none'])"
        )
        assert shown and all(s != "none" and live == "none" for s, live in shown), shown
        nav = page.evaluate("() => getComputedStyle(document.querySelector('.bd-sidebar-primary')).display")
        assert nav == "none", "navigation printed"
    finally:
        page.close()


def test_content_security_policy_blocks_scripts_from_other_origins(contexts, server):
    page, _ = open_page(contexts(1280), f"{server}/pages/respondenten.html", draw=False)
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
        page.close()


def test_keyboard_alone_reaches_and_opens_a_charts_data_table(contexts, server):
    """A keyboard user tabs from the top of a chapter to the first chart's data table, opens it with
    Enter; focus is visible all the way."""
    page, _ = open_page(contexts(1280), f"{server}/pages/vitaliteit.html")
    try:
        reached = None
        for _ in range(200):
            page.keyboard.press("Tab")
            info = page.evaluate(
                """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 60),
                           data: !!e.closest('details.swic-data'), inFigure: !!e.closest('figure.swic-figure'),
                           outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                           shadow: s.boxShadow !== 'none'}; }"""
            )
            if info["inFigure"]:
                assert info["outline"] or info["shadow"], f"focus not visible on {info}"
            if info["data"] and info["tag"] == "SUMMARY":
                reached = info
                break
        assert reached, "Tab never reached a chart's 'Toon de cijfers als tabel'"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.closest('details').open"), "Enter did not open it"
        rows = page.evaluate("() => document.activeElement.closest('details').querySelectorAll('tr').length")
        assert rows > 1
    finally:
        page.close()
