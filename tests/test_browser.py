"""The built site in headless Chromium at 1280 px, and what works the same at every width: search, the
figure actions, charts without JavaScript and in print, the CSP, a keyboard walk. 320 and 390 px:
``test_browser_narrow.py`` and ``test_browser_phone.py``; shared code: ``browserkit.py``.

The browser: ``SWIC_BROWSER`` (a path), else Chromium or Chrome on the PATH, else Playwright's Chromium.
"""

from __future__ import annotations

import re

import pytest

from .browserkit import open_page, page_reads_well, pages

pytestmark = pytest.mark.browser
WIDTH = 1280


@pytest.mark.parametrize("path", pages())
def test_page_reads_well_at_1280(contexts, server, path):
    page_reads_well(contexts, server, path, WIDTH)


def test_site_has_pages(site):
    assert "pages/index.html" in pages() and len(pages()) >= 30


# What readers type, and the page each must find in its top five (None: a typo that finds nothing rather than
# pages that merely share a few letters with it). Words from the pages, plural and compound forms, two
# phrases, synonyms readers use that the pages do not, and two typos.
SEARCHES = {
    "regeldruk": "pages/administratie.html",
    "administratieve lasten": "pages/administratie.html",  # phrase, and a synonym of regeldruk
    "hoge werkdruk": "pages/vitaliteit.html",  # phrase
    "werkbelasting": "pages/vitaliteit.html",  # synonym
    "burn-out": "pages/vitaliteit.html",  # synonym
    "uitval": "pages/vitaliteit.html",  # synonym of burn-out
    "werkdruk": "pages/vitaliteit.html",
    "papierwerk": "pages/administratie.html",  # synonym
    "jongerenwerk": ("pages/respondenten.html", "pages/beroepsidentiteit.html"),
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
    "adminstratie": (None, "pages/administratie.html"),  # typo: the chapter or nothing
    "polarsatie": (None, "pages/polarisatie.html"),  # typo
}
# what table cells and figure furniture left in snippets: runs of bare numbers and reading notes
RESIDUE = re.compile(r"(?:^|\. )\d+\. |\btekst\. |– –|\bmeer dan\. |\bgrafieklabel\.")


def _results(page, server, query):
    page.goto(f"{server}/search.html?q={query}")
    page.wait_for_selector(".pagefind-ui__result-link, .pagefind-ui__message", timeout=15_000)
    page.wait_for_function(
        "() => { const m = document.querySelector('.pagefind-ui__message');"
        " return m && m.textContent && !/Zoeken naar/.test(m.textContent); }",
        timeout=15_000,
    )
    page.wait_for_timeout(200)
    return page.evaluate(
        "() => [...document.querySelectorAll('.pagefind-ui__result')].slice(0, 5).map(r => ["
        "new URL(r.querySelector('.pagefind-ui__result-link').href).pathname.replace(/^\\//, ''),"
        "(r.querySelector('.pagefind-ui__result-excerpt') || {}).textContent || ''])"
    )


def test_search_finds_the_pages_readers_look_for(contexts, server):
    page, seen = open_page(contexts(1280), f"{server}/search.html", draw=False)
    missed, residue = [], []
    try:
        for query, expected in SEARCHES.items():
            found = _results(page, server, query)
            links = [u for u, _ in found]
            allowed = expected if isinstance(expected, tuple) else (expected,)
            ok = any((e is None and not links) or (e is not None and e in links) for e in allowed)
            if not ok:
                missed.append(f"{query!r}: expected {allowed} in the top five, got {links}")
            residue += [f"{query!r} {u}: {x[:100]!r}" for u, x in found if RESIDUE.search(x)]
        _results(page, server, "werkplezier")  # the last query may be a typo that rightly finds nothing
        titles = page.evaluate("() => [...document.querySelectorAll('.pagefind-ui__result-title')].length")
        page.goto(f"{server}/search.html?q=qqqzzz")
        page.wait_for_selector(".pagefind-ui__message", timeout=15_000)
        page.wait_for_function(
            "() => /Niets gevonden/.test(document.querySelector('.pagefind-ui__message').textContent)",
            timeout=15_000,
        )
        nothing = page.locator(".pagefind-ui__message").text_content()
    finally:
        page.close()
    assert not missed, "\n".join(missed)
    assert not residue, "snippets with table residue:\n" + "\n".join(residue)
    assert titles, "results show a page title"
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
        fig.locator("summary", has_text="Downloaden en citeren").click()
        for label, suffix in (
            ("(SVG)", ".svg"),
            ("Afbeelding (PNG)", ".png"),
            ("Cijfers (Excel)", ".xlsx"),
            ("Cijfers (CSV)", ".csv"),
        ):
            with page.expect_download() as dl:
                fig.get_by_role("link", name=label, exact=True).click()
            d = dl.value
            assert d.suggested_filename.endswith(suffix), (label, d.suggested_filename)
            assert d.suggested_filename.startswith("sociaal-werk-in-cijfers-administratie-"), (
                d.suggested_filename
            )
            target = tmp_path / d.suggested_filename
            d.save_as(target)
            assert target.stat().st_size > 100, f"{label}: empty download"
        fig.get_by_role("link", name="Link naar deze figuur").click()
        page.wait_for_timeout(200)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.endswith(f"/pages/administratie.html#{anchor}"), copied
        assert fig.locator(".swic-status").text_content() == "Link gekopieerd"
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
        assert reached, "Tab never reached a chart's 'Cijfers als tabel'"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.closest('details').open"), "Enter did not open it"
        rows = page.evaluate("() => document.activeElement.closest('details').querySelectorAll('tr').length")
        assert rows > 1
    finally:
        page.close()
