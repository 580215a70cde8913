"""A chapter to hand out: printed from Chromium to A4, 'Vitaliteit en werkplezier' fits on a few pages and
page one says where it comes from."""

from __future__ import annotations

import pytest

MAX_PAGES = 9


def print_to_pdf(contexts, server, path: str, out) -> None:
    page = contexts(1280).new_page()
    page.goto(f"{server}/{path}")
    # lazy images load when they come near the screen: scroll through the page first
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 400) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 50)); } }"
    )
    page.wait_for_load_state("networkidle")
    page.pdf(path=str(out), format="A4")
    page.close()


def test_vitaliteit_prints_on_at_most_nine_a4_pages_with_the_site_on_page_one(contexts, server, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from swic import cite

    pdf = tmp_path / "vitaliteit.pdf"
    print_to_pdf(contexts, server, "pages/vitaliteit.html", pdf)
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) <= MAX_PAGES, f"{len(reader.pages)} pages"
    first = " ".join(reader.pages[0].extract_text().split())
    assert cite.SITE_TITLE in first, first[:300]
    assert "vitaliteit.html" in first.replace(" ", ""), "no address on page one"
    assert "versie van" in first, "no date on page one"


def test_a_printed_table_figure_names_its_title_once(contexts, server, site, tmp_path):
    """A table figure prints its caption above the table; the table's own caption (the same title, for
    screen readers on the screen) stays out of print."""
    import html as _html
    import re

    pypdf = pytest.importorskip("pypdf")
    html = (site / "pages" / "vitaliteit.html").read_text(encoding="utf-8")
    titles = [
        re.sub(r"\s+", " ", _html.unescape(t)).strip()
        for t in re.findall(
            r'<figure class="swic-figure swic-kind-table".*?<figcaption class="swic-caption">([^<]+)',
            html,
            re.S,
        )
    ]
    assert titles, "no table figure on the page to check"
    pdf = tmp_path / "vitaliteit.pdf"
    print_to_pdf(contexts, server, "pages/vitaliteit.html", pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(pdf)).pages)
    for title in titles:
        assert text.count(title[:40]) == 1, f"{title!r} printed {text.count(title[:40])} times"
