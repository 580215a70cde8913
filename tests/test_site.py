"""The built site (static checks): every recovered figure is charted, links resolve, data downloads,
no typed numbers in prose, Dutch, light pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from swic import charts, data, registry

ROOT = Path(__file__).resolve().parents[1]
SHARED_BUNDLE = "swic-charts.js"


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.refs.append((tag, a[key]))


def local_refs(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    out = []
    for _tag, ref in parser.refs:
        u = urlparse(ref)
        if u.scheme or ref.startswith(("#", "mailto:", "data:", "//")):
            continue
        out.append(unquote(u.path))
    return out


def test_every_recovered_table_and_figure_is_charted_on_the_site(site):
    coverage = pd_coverage()
    html = "\n".join(p.read_text(encoding="utf-8") for p in html_pages(site))
    ids = set(re.findall(r'<figure class="swic-figure" id="([^"]+)"', html))
    missing = []
    for loc in coverage[coverage["status"].isin(["complete", "partial"])]["locator"]:
        anchor = "fig-" + charts.slug(loc)
        if not any(i == anchor or re.fullmatch(re.escape(anchor) + r"-\d+", i) for i in ids):
            missing.append(loc)
    assert not missing, f"recovered but not charted on any page: {missing}"


def pd_coverage():
    return data.load_resource("raadpleging-2025-coverage")


def test_internal_links_and_assets_resolve(site):
    broken = []
    for page in html_pages(site):
        for ref in local_refs(page):
            target = (page.parent / ref).resolve() if not ref.startswith("/") else (site / ref.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {ref}")
    assert not broken, "broken links:\n" + "\n".join(broken[:30])


def test_data_package_is_downloadable_from_the_site(site):
    pkg = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        assert (site / "data" / res["path"]).exists(), res["path"]
        assert (site / "data" / res["schema"]).exists(), res["schema"]


def test_every_page_is_dutch(site):
    for page in html_pages(site):
        assert '<html lang="nl"' in page.read_text(encoding="utf-8")[:500], page.name


TYPED = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|procent)|\b\d{1,3}(?:\.\d{3})+\b|\bn\s?=\s?\d")
# Quantity words that go stale when the number next to them changes: they come from swic.text.share_word
QUANTITY = re.compile(
    r"\b(?:de helft|een (?:derde|kwart|vijfde|tiende)|twee derde|drie kwart|"
    r"(?:twee|drie|vier|negen) op de (?:vijf|tien)|driekwart|meerderheid|minderheid)\b",
    re.IGNORECASE,
)


def prose_without_code(text: str) -> str:
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # roles such as {glue:text}`name`
    return re.sub(r"`[^`]*`", "", text)


def markdown_cells(nb_path: Path) -> list[tuple[int, str]]:
    from swic import notebooks

    cells = notebooks.read(nb_path).cells
    return [(i, c.source) for i, c in enumerate(cells, start=1) if c.cell_type == "markdown"]


@pytest.mark.parametrize("nb", sorted({p.notebook for p in registry.load(ROOT)}), ids=lambda p: p.name)
def test_no_typed_numbers_in_prose(nb):
    found = []
    for i, src in markdown_cells(nb):
        text = prose_without_code(src)
        found += [f"cell {i}: {m.group(0)!r}" for m in TYPED.finditer(text)]
    assert not found, f"{nb.name}: numbers typed in prose (use glue): {found}"


@pytest.mark.parametrize("nb", sorted({p.notebook for p in registry.load(ROOT)}), ids=lambda p: p.name)
def test_no_typed_quantity_words_next_to_glued_numbers(nb):
    """'De helft van de deelnemers ({glue:text}`x`)' goes stale when x changes: the word must come from
    swic.text.share_word, glued like the number."""
    found = []
    for i, src in markdown_cells(nb):
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*[-*] ", src):
            if "{glue:" in sentence:
                found += [
                    f"cell {i}: {m.group(0)!r} in '{sentence.strip()[:80]}'"
                    for m in QUANTITY.finditer(prose_without_code(sentence))
                ]
    assert not found, f"{nb.name}: quantity words typed next to glued numbers (glue text.share_word): {found}"


def test_pages_are_light_without_the_shared_bundle(site):
    """A first visit loads the page and its local CSS/JS; the chart bundle is shared and cached.

    Measured as transferred bytes with gzip (as GitHub Pages serves text); raw sizes are reported too,
    in _build/page-weight.txt.
    """
    import gzip

    report = []
    for page in html_pages(site):
        files = [page]
        for ref in set(local_refs(page)):
            target = (page.parent / ref).resolve()
            if target.suffix in (".css", ".js") and target.name != SHARED_BUNDLE and target.exists():
                files.append(target)
        raw = sum(f.stat().st_size for f in files)
        gz = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
        report.append((gz, raw, str(page.relative_to(site))))
    (site.parent / "page-weight.txt").write_text(
        "gzip KB   raw KB  page (first visit, without the shared chart bundle)\n"
        + "\n".join(f"{g / 1024:7.0f} {r / 1024:8.0f}  {name}" for g, r, name in sorted(report, reverse=True))
        + "\n"
    )
    heavy = [(g, n) for g, _, n in report if g > 500 * 1024]
    assert not heavy, f"pages over 500 KB (gzip) without the shared bundle: {heavy}"


def test_chart_script_is_loaded_once_per_page_not_inlined(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert html.count(SHARED_BUNDLE) <= 1, page.name
        assert "vega-embed@" not in html and "cdn.jsdelivr" not in html, page.name


def test_every_topic_of_the_crosswalk_has_its_own_page(site):
    """One parameterised notebook yields a page per topic (issue: synthesis); none may be missing."""
    from swic import data, registry

    topics = set(data.load_resource("onderwerpen")["id"])
    pages = {p.id: p for p in registry.load()}
    topic_pages = {p.parameters["topic"] for p in pages.values() if Path(p.notebook).name == "onderwerp.md"}
    assert topic_pages == topics, (
        f"topics without page: {topics - topic_pages}; pages without topic: {topic_pages - topics}"
    )
    assert len(topics) >= 8
    for t in topics:
        html = (site / "pages" / f"onderwerp-{t}.html").read_text(encoding="utf-8")
        assert "Wat zeggen sociaal werkers?" in html and 'class="swic-figure"' in html, (
            f"onderwerp-{t} lacks evidence"
        )
