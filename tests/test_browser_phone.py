"""Every page in headless Chromium at a phone (390 px): the menu button opens the menu; see ``browserkit.py``."""

from __future__ import annotations

import re

import pytest

from .browserkit import breakpoints_between, page_reads_well, pages

pytestmark = pytest.mark.browser
WIDTH = 390
NARROWEST = 320


@pytest.mark.parametrize("path", pages())
def test_page_reads_well(contexts, server, path):
    # axe runs at 320 px (test_browser_narrow.py): 390 px is in the same state of every media query and
    # chart layout (see the next test), so axe would check the same page twice.
    page_reads_well(contexts, server, path, WIDTH, axe=False)


def test_phone_widths_share_every_breakpoint(site):
    """The site's CSS has no breakpoint between 320 and 390 px and both get the phone layout of a chart;
    if one is added, axe must run at 390 px again (drop ``axe=False`` above)."""
    assert not breakpoints_between(NARROWEST, WIDTH)
    html = (site / "pages" / "administratie.html").read_text(encoding="utf-8")
    below = {int(x) for x in re.findall(r'data-narrow-below="(\d+)"', html)}
    assert below and all(b > WIDTH for b in below), below


def test_charts_lay_out_again_when_the_phone_is_turned(contexts, server):
    """Portrait (390 px) draws the phone layout; turned sideways (844 px) the same charts switch to the
    column layout, and their texts still fit inside the chart without overlapping."""
    from .browserkit import CHART_TEXTS, open_page

    page, _ = open_page(contexts(WIDTH), f"{server}/pages/administratie.html")
    try:
        layouts = "() => [...document.querySelectorAll('div.swic-chart')].map(c => c.dataset.layout)"
        assert set(page.evaluate(layouts)) == {"narrow"}
        page.set_viewport_size({"width": 844, "height": 390})
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.swic-chart')].every("
            "c => c.dataset.layout === 'wide' && c.dataset.rendered === 'true')",
            timeout=10_000,
        )
        assert page.evaluate(CHART_TEXTS) == []
    finally:
        page.close()
