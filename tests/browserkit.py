"""Shared by the browser tests (their fixtures are in conftest.py): the pages and the checks per page.

The tests are split over three files, one per width (320, 390, 1280 px), so that pytest-xdist runs them
side by side. Per page and width, in one visit: every chart drew marks, no chart text leaves its chart or
is drawn over another text, nothing scrolls sideways, no request leaves 127.0.0.1, no JavaScript error,
axe-core finds no serious or critical violation, and on a phone the menu button opens the menu (and
Escape closes it). Then, in ``test_browser.py``: search queries, the figure actions (downloads, link,
citation), charts without JavaScript and in print, the CSP, and a keyboard walk to a chart's table.

The browser: ``SWIC_BROWSER`` (a path), else Chromium or Chrome on the PATH, else Playwright's Chromium.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SKIP_PAGES = {"genindex.html", "search.html"}
WIDTHS = (320, 390, 1280)
PHONE = 390


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


def page_reads_well(contexts, server, path, width, axe: bool = True):
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
        # axe before the menu test (which opens and closes the menu): the page as a reader first sees it
        if axe:
            problems += accessibility_problems(page)
        if width == PHONE:
            problems += _menu_problems(page)
        assert not problems, f"{path} at {width} px:\n  " + "\n  ".join(problems)
    finally:
        page.close()


def _settles(page, condition: str, timeout: int = 1000) -> bool:
    """True as soon as the condition holds (no fixed wait); False if it does not within ``timeout`` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, timeout=timeout)
        return True
    except PlaywrightTimeout:
        return False


def _menu_problems(page) -> list[str]:
    """On a phone the visible menu button opens the navigation; Escape closes it; focus comes back."""
    toggles = page.locator(".primary-toggle:visible")
    if toggles.count() == 0:
        return ["no visible menu button"]
    toggle = toggles.first
    toggle.click()
    opened = _settles(
        page,
        "() => { const d = document.getElementById('pst-primary-sidebar-modal'); "
        "return !!(d && d.open && d.querySelector('nav a')) && d.contains(document.activeElement); }",
    )
    if not opened:
        return ["the menu button does not open the menu (or focus stays outside it)"]
    page.keyboard.press("Escape")
    closed = _settles(page, "() => !document.getElementById('pst-primary-sidebar-modal').open")
    back = toggle.evaluate("b => document.activeElement === b")
    return (
        [] if closed and back else ["Escape does not close the menu, or focus does not return to its button"]
    )


AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})).violations"
    ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
    ".map(v => `axe: ${v.id} (${v.impact}): ${v.help} — e.g. ${v.nodes[0].target}`)"
)


def breakpoints_between(low: int, high: int) -> list[str]:
    """Media-query widths of the site's CSS in (low, high] px (em and rem counted as 16 px)."""
    import re

    found = []
    for css in sorted(SITE.rglob("*.css")):
        for query in re.findall(r"@media([^{]*)\{", css.read_text(encoding="utf-8")):
            for m in re.finditer(r"(min|max)-width:\s*([\d.]+)(px|em|rem)", query):
                px = float(m[2]) * (16 if m[3] in ("em", "rem") else 1)
                if low < px <= high:
                    found.append(f"{css.relative_to(SITE)}: @media{query.strip()}")
    return found


@functools.cache
def _axe_script() -> str:
    if not AXE.exists():
        pytest.fail("axe-core not installed: run `npm ci` (make test does).")
    return AXE.read_text(encoding="utf-8")


def accessibility_problems(page) -> list[str]:
    """axe-core (WCAG 2.1 A/AA): serious and critical violations on the page as it is shown."""
    page.add_script_tag(content=_axe_script())
    return page.evaluate(AXE_RUN)
