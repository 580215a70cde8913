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
WIDE = 1280
# what the accessibility statement (pages/toegankelijkheid.md) says the tests check; a test keeps them equal
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_IMPACTS = ("serious", "critical")
AXE_WIDTHS = (320, 1280)  # 390 px shares every breakpoint with 320 px (test_browser_phone.py)
KEYBOARD_STOPS = 20
KEYBOARD_WIDTHS = (PHONE, WIDE)
MIN_TARGET = 24
SITE_NAME = "Sociaal Werk in Cijfers"


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


# Every chart was drawn, drew marks and has a text alternative (one round trip for all charts of a page).
CHARTS_DRAWN = """() => {
  const out = [];
  for (const c of document.querySelectorAll('div.swic-chart')) {
    if (c.dataset.rendered !== 'true') { out.push(`chart ${c.id} was not drawn`); continue; }
    const marks = c.querySelectorAll(
      '.swic-live svg .mark-rect path, .swic-live svg path.mark, .swic-live svg .role-mark > *');
    if (!marks.length) out.push(`chart ${c.id} drew no marks`);
    const svg = c.querySelector('.swic-live svg');
    if (!svg || !svg.getAttribute('aria-label')) out.push(`chart ${c.id} has no text alternative`);
  }
  return out;
}"""

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
        problems = page.evaluate(CHARTS_DRAWN)
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
        problems += page.evaluate(HEADER_PROBLEMS, [SITE_NAME, width])
        problems += page.evaluate(TABLES_CUT)
        if width in KEYBOARD_WIDTHS:
            problems += page.evaluate(ENGLISH_LABELS)
            problems += page.evaluate(SMALL_TARGETS, MIN_TARGET)
            problems += focus_problems(page)
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
    f"{list(AXE_TAGS)!r}}}, resultTypes: ['violations']}})).violations"
    f".filter(v => {list(AXE_IMPACTS)!r}.includes(v.impact))"
    ".map(v => `axe: ${v.id} (${v.impact}): ${v.help} — e.g. ${v.nodes[0].target}`)"
)

# The site's name in view at the top of the page; one search entry; no fullscreen button.
HEADER_PROBLEMS = """([name, width]) => {
  const out = [];
  const shown = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const brand = [...document.querySelectorAll('a')].find(a => a.textContent.trim() === name && shown(a));
  if (!brand) out.push(`the site's name is not shown`);
  else { const r = brand.getBoundingClientRect();
    if (r.top < 0 || r.bottom > 90 || r.right > width) out.push(`the site's name is not in view at the top (${Math.round(r.top)}-${Math.round(r.bottom)} px)`); }
  const search = [...document.querySelectorAll('.search-button__button, .search-button-field, form.bd-search')].filter(shown);
  if (search.length !== 1 && !location.pathname.endsWith('search.html')) out.push(`${search.length} search entries`);
  if ([...document.querySelectorAll('.btn-fullscreen-button, [onclick*="FullScreen"]')].some(shown)) out.push('a fullscreen button');
  return out;
}"""

# A table wider than its column scrolls inside a box that shows it (a shadow at the edge with more).
TABLES_CUT = """() => {
  const out = [];
  for (const t of document.querySelectorAll('article table')) {
    const r = t.getBoundingClientRect();
    if (!r.width || t.closest('details:not([open])')) continue;
    let box = t.parentElement;
    while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const scrolls = box && box !== document.body && box.scrollWidth > box.clientWidth + 1;
    const name = (t.querySelector('caption') || t).textContent.trim().slice(0, 40);
    if (!scrolls) {
      const edge = Math.min(document.documentElement.clientWidth, t.closest('article').getBoundingClientRect().right);
      if (r.right > edge + 1) out.push(`table '${name}' is cut at the edge`);
      continue;
    }
    if (!getComputedStyle(box).backgroundImage.includes('gradient')) out.push(`table '${name}' scrolls without a cue`);
    if (box.tabIndex < 0 && !box.querySelector('a, button, summary')) out.push(`table '${name}' scrolls but the keyboard cannot reach it`);
  }
  return out;
}"""

# Names and descriptions for assistive technology in English (the site's language is Dutch).
ENGLISH_LABELS = r"""() => {
  const english = /\b(the|this|page|on this|toggle|search|show|hide|close|skip|main|content|contents|back to|previous|next|copy|copied|sidebar|heading|fullscreen|full screen|home|light|dark|color|theme|version|warning|edit|source|navigation|permalink|clear|results?)\b/i;
  const out = [];
  const seen = new Set();
  const check = (what, text, el) => {
    // the children of role="img" (a drawn chart: Vega's own English legend and axis names) are not
    // exposed to assistive technology; the chart is named by its Dutch label
    if (!text || seen.has(what + text) || (el.parentElement && el.parentElement.closest('[role="img"]'))) return;
    seen.add(what + text);
    const m = text.match(english);
    if (m) out.push(`English ${what} '${text.trim().slice(0, 50)}' on <${el.tagName.toLowerCase()} class="${el.className && el.className.baseVal === undefined ? el.className : ''}">`);
  };
  for (const el of document.querySelectorAll('[aria-label], [title], img[alt], [placeholder], [aria-roledescription]'))
    for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-roledescription'])
      if (el.hasAttribute(a) && !(a === 'title' && el.closest('svg'))) check(a, el.getAttribute(a), el);
  for (const el of document.querySelectorAll('.visually-hidden, .sr-only, .skip-link')) check('hidden text', el.textContent, el);
  return out;
}"""

# Controls smaller than 24 x 24 px whose 24 px circle touches another control (WCAG 2.2, 2.5.8). Links
# inside a sentence are exempt, as the criterion allows.
SMALL_TARGETS = """(min) => {
  const sel = 'a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button], [tabindex]:not([tabindex="-1"])';
  const shown = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && !e.closest('dialog:not([open])'); };
  const els = [...document.querySelectorAll(sel)].filter(shown);
  const rects = els.map(e => e.getBoundingClientRect());
  const inSentence = e => {
    if (e.tagName !== 'A' || e.classList.contains('footnote-reference')) return false;
    const block = e.closest('p, li, dd, td, th, figcaption, caption');
    if (!block) return false;
    const own = e.textContent.trim().length;
    return block.textContent.trim().length > own + 20 && getComputedStyle(e).display === 'inline';
  };
  const out = [];
  els.forEach((e, i) => {
    const r = rects[i];
    if ((r.width >= min && r.height >= min) || inSentence(e)) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const crowded = els.some((f, j) => {
      if (j === i || f.contains(e) || e.contains(f)) return false;
      const q = rects[j];
      const dx = Math.max(q.left - cx, 0, cx - q.right), dy = Math.max(q.top - cy, 0, cy - q.bottom);
      if (Math.hypot(dx, dy) < min / 2) return true;
      if (q.width < min || q.height < min)
        return Math.hypot(cx - (q.left + q.width / 2), cy - (q.top + q.height / 2)) < min;
      return false;
    });
    if (crowded) out.push(`control '${(e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 30)}' is ${Math.round(r.width)} x ${Math.round(r.height)} px and crowded`);
  });
  return out.slice(0, 10);
}"""

# Records every element that takes focus and whether it shows it (an outline or a box shadow).
FOCUS_RECORDER = """() => {
  window.swicFocus = [];
  document.addEventListener('focusin', () => {
    const e = document.activeElement;
    const s = getComputedStyle(e);
    const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1 && s.outlineColor !== 'rgba(0, 0, 0, 0)';
    const r = e.getBoundingClientRect();
    window.swicFocus.push({shown: (ring || s.boxShadow !== 'none') && r.width > 0 && r.height > 0,
      name: (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40)});
  });
}"""


def focus_problems(page, stops: int = KEYBOARD_STOPS) -> list[str]:
    """The first ``stops`` keyboard stops from the top of the page each show where the focus is."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.evaluate(FOCUS_RECORDER)
    for _ in range(stops):
        page.keyboard.press("Tab")
    seen = page.evaluate("() => window.swicFocus")
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    return [
        f"keyboard stop {i + 1} ('{f['name']}') shows no focus" for i, f in enumerate(seen) if not f["shown"]
    ]


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
