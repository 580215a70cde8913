"""The built site (static checks): every recovered figure is charted, links resolve, data downloads,
no typed numbers in prose, Dutch, light pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from swic import data, locators, registry
from swic import text as nl

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
    ids = set(re.findall(r'<figure class="swic-figure[^"]*" id="([^"]+)"', html))
    missing = []
    for loc in coverage[coverage["status"].isin(["complete", "partial"])]["locator"]:
        anchor = "fig-" + locators.slug(loc)
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
    r"(?:twee|drie|vier|negen) op de (?:vijf|tien)|driekwart|meerderheid|minderheid|"
    r"(?:bijna|vrijwel) (?:iedereen|niemand)|de meesten|de meeste (?:deelnemers|sociaal werkers|mensen)|"
    r"(?:een )?(?:flinke|kleine|grote|kleinere|grotere) groep|de (?:grootste|kleinste) groep|velen|slechts|het merendeel|nauwelijks iemand|nog maar)\b",
    re.IGNORECASE,
)
# The document's own bound ('bijna 550', 'ruim 600', 'zo'n 55.000') typed before a glued number: it belongs to
# the number and comes from the data's bound column (swic.fmt.bounded), glued with it.
BOUND_BEFORE_GLUE = re.compile(
    r"\b(?:bijna|ruim|circa|ca\.|ongeveer|zo'n|meer dan|minder dan)\s+(?:de |het )?\{glue:", re.IGNORECASE
)

# A comparative typed right beside glued numbers ('scoort lager ({glue…', 'lukt veel minder: {glue…',
# '({glue…}) veel minder'): whether it still holds depends on the numbers, so it comes from swic.text.degree.
# Answer categories such as '… doet dat nu meer' (a glue before a bare comparative) are not caught.
COMPARATIVE = re.compile(
    r"\b(?:veel |iets )?(?:meer|minder|vaker|minder vaak|lager|hoger|zeldzamer|groter|kleiner)(?: mensen)?"
    r"\s*(?:\(\{glue|:\s*\{glue)"
    r"|`\)?\s+(?:veel|iets|fors|duidelijk) (?:meer|minder|vaker|lager|hoger|zeldzamer|groter|kleiner)\b",
    re.IGNORECASE,
)


def prose_without_code(text: str) -> str:
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # roles such as {glue:text}`name`
    return re.sub(r"`[^`]*`", "", text)


def unquoted(text: str) -> str:
    """Prose without what it quotes from a source ("bijna twee derde", “…”): quotes keep the source's words."""
    return re.sub(r'"[^"]*"|“[^”]*”', "", text)


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
    swic.text.share_word (a comparative from swic.text.degree), glued like the number."""
    found = []
    for i, src in markdown_cells(nb):
        for sentence in re.split(r"(?<=[.!?])\s+|\n\s*[-*] ", src):
            if "{glue:" in sentence:
                found += [
                    f"cell {i}: {m.group(0)!r} in '{sentence.strip()[:80]}'"
                    for m in [
                        *QUANTITY.finditer(unquoted(prose_without_code(sentence))),
                        *BOUND_BEFORE_GLUE.finditer(sentence),
                        *COMPARATIVE.finditer(unquoted(sentence)),
                    ]
                ]
    assert not found, (
        f"{nb.name}: quantity words typed next to glued numbers (glue text.share_word or text.degree): {found}"
    )


def test_glued_words_read_as_running_text(site):
    """{glue:text} values are set in bold as figures; a word from swic.text ('bijna de helft', 'veel minder')
    is glued with glue_markdown, so it reads as part of the sentence."""
    words = [w for _, w in nl.LANDMARKS] + [
        "bijna",
        "ruim",
        "meer dan",
        "minder dan",
        "ongeveer",
        "iets",
        "veel",
        "vrijwel",
        "even",
        "evenveel",
        "niemand",
        "iedereen",
        "een klein deel",
        "hoger",
        "lager",
        "meer",
        "minder",
        "steeg",
        "daalde",
        "bleef",
    ]
    word = re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    found = [
        f"{page.name}: {m[1]!r}"
        for page in html_pages(site)
        for m in re.finditer(r'<span class="pasted-text">(.*?)</span>', page.read_text(encoding="utf-8"))
        if not re.search(r"\d", m[1]) and word.search(m[1])
    ]
    assert not found, f"words glued as figures (use glue.markdown and {{glue:md}}): {found}"


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
        assert "Wat zeggen sociaal werkers?" in html and 'class="swic-figure' in html, (
            f"onderwerp-{t} lacks evidence"
        )


# --------------------------------------------------------------------------- readers' Dutch and findings first

ENGLISH = set(
    "the and of with from this that which were was are been has have would should their these those only also "
    "than into because shows read chart label labels value values not for by its it or as at be".split()
)


class _Text(HTMLParser):
    """The text a reader sees in the article: no scripts, styles, code, or machine ids."""

    SKIP = {"script", "style", "code", "pre", "svg", "noscript"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.inside = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "bd-article" in (a.get("class") or ""):
            self.inside += 1
        if tag in self.SKIP:
            self.skip += 1
        if tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "caption", "summary", "figcaption"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag == "article" and self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if self.inside and not self.skip:
            self.parts.append(data)


def reader_text(page: Path) -> str:
    parser = _Text()
    # what is hidden from readers (the search index's sentence after each table) is not read
    parser.feed(re.sub(r"<p hidden\b.*?</p>", "", page.read_text(encoding="utf-8"), flags=re.S))
    text = "".join(parser.parts)
    # quoted titles and quotations may be in English: leave out what stands between quotation marks
    text = re.sub(r"[\"“„][^\"“”„]{0,300}[\"”]|‘[^’]{0,300}’|'[^'\n]{0,300}'", " ", text)
    return re.sub(r"https?://\S+", " ", text)


def test_no_english_sentences_on_reader_pages(site):
    found = []
    for page in html_pages(site):
        if page.name in ("genindex.html", "search.html") or "pagefind" in page.parts:
            continue
        for line in reader_text(page).split("\n"):
            words = re.findall(r"[A-Za-z]+", line.lower())
            hits = [w for w in words if w in ENGLISH]
            if len(hits) >= 3 and len(hits) >= 0.15 * len(words):
                found.append(f"{page.relative_to(site)}: {line.strip()[:120]!r}")
    assert not found, f"{len(found)} English lines on reader pages:\n" + "\n".join(found[:30])


TEMPLATE_SLIPS = re.compile(
    r"(?<![\d.,])1 (?:punten|acties|onderdelen|aandachtspunten|thema's|figuren|tabellen|rijen|cijfers)\b"
    r"|(?:punt|actie|onderdeel|thema|figuur|tabel|onderwerp)\((?:en|s)\)|Respons: Respons|\?\.(?:\s|$|\")"
    # a glued phrase that starts a sentence in lower case ('… 40%. zie de lijst …')
    r"|[.!?] (?:zie de lijst|bijna|ruim|een (?:derde|kwart|vijfde|tiende)|de helft|iedereen|niemand)\b"
)


def test_no_template_grammar_on_reader_pages(site):
    found = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        text = reader_text(page)
        alts = " ".join(re.findall(r'(?:alt|aria-label|content)="([^"]*)"', html))
        for m in TEMPLATE_SLIPS.finditer(text + "\n" + alts):
            found.append(f"{page.relative_to(site)}: {m.group(0)!r}")
    assert not found, "template slips:\n" + "\n".join(found[:30])


def test_no_extraction_talk_in_findings(site):
    found = []
    for page in html_pages(site):
        if page.name in ("werkwijze.html", "data.html", "colofon.html"):
            continue  # the methods and data pages explain how the numbers were read
        text = reader_text(page).lower()
        for phrase in ("gescande tekst", "gescande grafiek", "ocr", "tekstherkenning"):
            if re.search(rf"\b{phrase}\b", text):
                found.append(f"{page.relative_to(site)}: {phrase!r}")
    assert not found, "how numbers were read belongs on the methods page:\n" + "\n".join(found)


SURVEY_PAGES = [
    "respondenten",
    "beroepsidentiteit",
    "taken",
    "methodisch-werken",
    "samenwerking",
    "sociale-basis",
    "zeggenschap",
    "structureel-werken",
    "administratie",
    "ontwikkelingen",
    "vitaliteit",
    "leren",
    "polarisatie",
    "eco-sociaal-werk",
    "digitalisering",
]


@pytest.mark.parametrize("page_id", SURVEY_PAGES)
def test_every_survey_chapter_opens_with_in_het_kort(site, page_id):
    html = (site / "pages" / f"{page_id}.html").read_text(encoding="utf-8")
    m = re.search(r'<div class="[^"]*swic-kort[^"]*">(.*?)</div>', html, re.S)
    assert m, f"{page_id}: no 'In het kort'"
    first_figure = html.find('<figure class="swic-figure')
    assert first_figure < 0 or m.start() < first_figure, (
        f"{page_id}: 'In het kort' comes after the first figure"
    )
    items = re.findall(r'<li class="swic-finding" id="bevinding-[^"]+">(.*?)</li>', m[1], re.S)
    assert 3 <= len(items) <= 6, f"{page_id}: {len(items)} findings"
    for item in items:
        assert 'class="pasted-text"' in item, (
            f"{page_id}: a finding without a number from the data: {item[:80]}"
        )


def test_the_start_page_leads_with_findings_and_charts(site):
    html = (site / "pages" / "index.html").read_text(encoding="utf-8")
    html = html[html.find('<article class="bd-article"') :]
    route = html.find(">Je weg door de site<")
    charts_before = html[:route].count('<figure class="swic-figure')
    assert charts_before >= 3, f"only {charts_before} findings charts before the route through the site"
    for target in ("vitaliteit.html", "structureel-werken.html", "polarisatie.html"):
        assert f'href="{target}' in html[:route], f"no link to {target} from a finding"


def test_every_figure_offers_its_items_and_the_files_exist(site):
    missing = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="swic-figure[^"]*".*?</figure>', html, re.S):
            fid = re.search(r'id="([^"]+)"', fig)[1]
            for label in (
                "Cijfers (Excel)",
                "Cijfers (CSV)",
                "Link naar deze figuur",
                "Kopieer de bronvermelding",
            ):
                if label not in fig:
                    missing.append(f"{page.name} {fid}: no {label!r}")
            stops = fig.count("<summary")
            if stops > 3:
                missing.append(f"{page.name} {fid}: {stops} keyboard stops (at most three)")
            for name in re.findall(r'download="([^"]+)"', fig):
                if not name.startswith("sociaal-werk-in-cijfers-"):
                    missing.append(f"{page.name} {fid}: download {name!r} does not name the site and page")
            if 'class="swic-chart' in fig:
                for label in ("Afbeelding (PNG)", "(SVG)"):
                    if label not in fig:
                        missing.append(f"{page.name} {fid}: no {label!r}")
                if "<img src=" not in fig:
                    missing.append(f"{page.name} {fid}: no static image")
            for href in re.findall(r'(?:href|src|srcset)="(\.\./figuren/[^"]+)"', fig):
                if not (page.parent / href).resolve().exists():
                    missing.append(f"{page.name} {fid}: {href} does not exist")
    assert not missing, "\n".join(missing[:40])


def test_the_data_page_offers_a_complete_zip_and_a_workbook_with_numbers(site):
    import io
    import zipfile

    import openpyxl

    z = zipfile.ZipFile(site / "downloads" / "sociaal-werk-in-cijfers-data.zip")
    names = set(z.namelist())
    for csv_path in (ROOT / "data").rglob("*.csv"):
        assert f"sociaal-werk-in-cijfers-data/{csv_path.relative_to(ROOT / 'data').as_posix()}" in names
    assert "sociaal-werk-in-cijfers-data/datapackage.json" in names
    wb = openpyxl.load_workbook(
        io.BytesIO((site / "downloads" / "sociaal-werk-in-cijfers-data.xlsx").read_bytes())
    )
    assert wb.sheetnames[:2] == ["Lees mij", "Kolommen"]
    ws = wb["H09 Administratie- en regeldruk"]
    header = [c.value for c in ws[1]]
    values = [r[header.index("Waarde")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert any(isinstance(v, int | float) for v in values), "numbers are stored as text"
    page = (site / "pages" / "data.html").read_text(encoding="utf-8")
    assert "downloads/sociaal-werk-in-cijfers-data.zip" in page and ".xlsx" in page


SCRIPT_BUDGET = 700 * 1024


def test_pages_load_little_script_and_none_blocks_rendering(site):
    """No render-blocking chart script; at most 700 KB of script per page, Vega included where a page
    draws charts (it is loaded when the first chart comes near the screen)."""
    vega = (site / "assets" / "vega" / "vega.min.js").stat().st_size
    heavy = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        for tag in re.findall(r"<script[^>]*src=\"[^\"]*swic-[^\"]*\"[^>]*>", head):
            assert " defer" in tag, f"{page.name}: {tag} blocks rendering"
        total = 0
        for src in re.findall(r'<script[^>]*src="([^"?]+)', html):
            target = (page.parent / src).resolve()
            if target.exists():
                total += target.stat().st_size
        if 'class="swic-chart' in html:
            total += vega
        if total > SCRIPT_BUDGET:
            heavy.append(f"{page.relative_to(site)}: {total // 1024} KB")
    assert not heavy, "pages over the script budget:\n" + "\n".join(heavy)


def test_every_page_has_a_link_preview(site):
    for page in html_pages(site):
        if page.parent != site / "pages":
            continue
        html = page.read_text(encoding="utf-8")
        assert '<meta name="description"' in html, page.name
        if 'class="swic-chart' in html:
            m = re.search(r'<meta property="og:image" content="[^"]*/(figuren/[^"]+\.png)"', html)
            assert m and (site / m[1]).exists(), f"{page.name}: no og:image of its first chart"


def test_colophon_and_citation(site):
    html = (site / "pages" / "colofon.html").read_text(encoding="utf-8")
    for needle in ("Versie", "Gebouwd op", "github.com", "CC BY 4.0", "MIT", "Zo citeer je deze site"):
        assert needle in html, needle
    assert "{{" not in html, "an unfilled placeholder"
    assert (ROOT / "CITATION.cff").exists()


def _chart_specs(site: Path):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(
            r'<script type="application/json" id="(swic-chart-[^"]+)">(.*?)</script>', html, re.S
        ):
            yield page, m[1], json.loads(m[2].replace("<\\/", "</"))


def test_the_same_answer_has_the_same_colour_on_every_page(site):
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for page, _cid, spec in _chart_specs(site):
        for scale in spec.get("scales", []):
            dom, rng = scale.get("domain"), scale.get("range")
            if scale.get("type") != "ordinal" or not isinstance(dom, list) or not isinstance(rng, list):
                continue
            if not all(isinstance(c, str) and c.startswith("#") for c in rng):
                continue
            if all(re.fullmatch(r"\d+", str(d)) for d in dom) and str(dom[0]) == "0":
                continue  # the shades of a heatmap: counts, not answers
            for label, colour in zip(dom, rng, strict=False):
                label = str(label).replace("|", " ")
                if label in seen and seen[label][0].lower() != colour.lower():
                    clashes.append(
                        f"{label!r}: {seen[label][0]} on {seen[label][1]}, {colour} on {page.name}"
                    )
                seen.setdefault(label, (colour, page.name))
    assert not clashes, "an answer changes colour between charts:\n" + "\n".join(clashes[:20])


def test_no_chart_has_an_unmarked_empty_bar(site):
    """A value that is not recoverable is marked '?' at its place, never left as an empty slot."""
    bad = []
    for page, cid, spec in _chart_specs(site):
        for ds in spec.get("data", []):
            for row in ds.get("values", []) or []:
                if "share" in row and row.get("share") is None and row.get("label") != "?":
                    if row.get("kleur") == "Waarde onbekend (?)" or row.get("shown") is not None:
                        continue  # stacked bars: the outlined '?' block stands for it
                    bad.append(f"{page.name} {cid}: {row.get('category') or row.get('item')}")
    assert not bad, "empty bars without a mark:\n" + "\n".join(bad[:20])


# Sentences a person writes (zero counts, ids, leftovers, share words, bold years, heading counts, titles,
# the footer): tests/test_voice.py.


CODES = {
    "not-recoverable",
    "chart-label",
    "more-than",
    "less-than",
    "percent",
    "single",
    "multiple",
    "partial",
}


def _cells(ws):
    return [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_the_all_data_workbook_speaks_dutch(site):
    """Dutch headers and codes, whole and meaningful sheet names, no 'nan', no placeholder."""
    import io

    import openpyxl

    from swic import labels

    wb = openpyxl.load_workbook(
        io.BytesIO((site / "downloads" / "sociaal-werk-in-cijfers-data.xlsx").read_bytes())
    )
    for name in (
        "Bronnen",
        "Kerncijfers",
        "H09 Administratie- en regeldruk",
        "H11 Vitaliteit en werkplezier",
    ):
        assert name in wb.sheetnames, name
    expected = {labels.table_name(n) for n in data.resources()}
    assert expected <= set(wb.sheetnames), "a sheet name was cut"
    problems = []
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        if ws.title not in ("Lees mij",):
            english = [h for h in header if h in labels.COLUMNS and h != labels.COLUMNS[h]]
            problems += [f"{ws.title}: English header {h!r}" for h in english]
        for v in _cells(ws) if ws.title != "Kolommen" else []:
            text = str(v)
            if (
                text in CODES
                or text.lower() == "nan"
                or "(nan)" in text
                or "[versie" in text
                or "[datum]" in text
            ):
                problems.append(f"{ws.title}: {text[:60]!r}")
    assert not problems, "\n".join(problems[:30])


def _figure_workbooks(site: Path, n: int = 25):
    files = sorted((site / "figuren").rglob("sociaal-werk-in-cijfers-*.xlsx"))
    step = max(1, len(files) // n)
    return files[::step]


def test_figure_workbooks_state_the_unit_and_how_a_number_was_read(site):
    import openpyxl

    problems = []
    percent_seen = 0
    for path in _figure_workbooks(site):
        wb = openpyxl.load_workbook(path)
        ws = wb["Gegevens"]
        header = [c.value for c in ws[1]]
        about = {r[0]: r[1] for r in wb["Bron"].iter_rows(values_only=True)}
        citation = about.get("Citeer", "")
        if "[datum]" in citation or "[versie" in citation or "versie van" not in citation:
            problems.append(f"{path.name}: citation {citation[-80:]!r}")
        if "Hoe gelezen" in header:
            problems.append(f"{path.name}: header 'Hoe gelezen'")
        for v in _cells(ws):
            if str(v) in ("grafieklabel", "tabel", "afgeleid", "nan") or str(v) in CODES:
                problems.append(f"{path.name}: {v!r}")
        if "Percentage" in header:
            percent_seen += 1
            col = header.index("Percentage") + 1
            cell = ws.cell(row=2, column=col)
            if isinstance(cell.value, int | float) and "%" not in cell.number_format:
                problems.append(f"{path.name}: percentage without the percent format")
        elif "Eenheid" not in header and not about.get("Eenheid"):
            problems.append(f"{path.name}: no unit")
    assert percent_seen, "no figure workbook stores percentages as percentages"
    assert not problems, "\n".join(problems[:30])


def test_figure_csv_writes_whole_numbers_without_a_decimal(site):
    for path in _figure_workbooks(site):
        csv = path.with_suffix(".csv").read_text(encoding="utf-8-sig")
        assert not re.search(r"(^|;)\d+,0(;|\r?$)", csv, re.M), f"{path.name}: '41,0' in the CSV"


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    """A minimal RIS reader: records from 'TY  - ' to 'ER  - ', every line 'XX  - value'."""
    records, rec = [], None
    for line in text.splitlines():
        if not line.strip():
            continue
        m = re.fullmatch(r"([A-Z][A-Z0-9])  - ?(.*)", line)
        assert m, f"not an RIS line: {line!r}"
        tag, value = m[1], m[2]
        if tag == "TY":
            assert rec is None, "TY inside a record"
            rec = {"TY": [value]}
        elif tag == "ER":
            assert rec is not None, "ER without TY"
            records.append(rec)
            rec = None
        else:
            assert rec is not None, f"{tag} outside a record"
            rec.setdefault(tag, []).append(value)
    assert rec is None, "a record without ER"
    return records


def parse_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """A minimal BibTeX reader: @type{key, name = {value}, ...} with balanced braces."""
    entries = []
    i = 0
    while (at := text.find("@", i)) >= 0:
        m = re.compile(r"@(\w+)\{([^,\s]+),").match(text, at)
        assert m, f"bad entry at {text[at : at + 40]!r}"
        depth, j = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        body = text[m.end() : j - 1]
        fields = {}
        for f in re.finditer(r"(\w+)\s*=\s*\{", body):
            d, k = 1, f.end()
            while d:
                d += {"{": 1, "}": -1}.get(body[k], 0)
                k += 1
            fields[f[1]] = body[f.end() : k - 1]
        entries.append((m[1], m[2], fields))
        i = j
    return entries


def test_figure_citations_come_as_ris_and_bibtex(site):
    html = (site / "pages" / "vitaliteit.html").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./(figuren/[^"]+\.(?:ris|bib))"', html)
    assert links, "no RIS or BibTeX link on the page"
    for link in links[:10]:
        text = (site / link).read_text(encoding="utf-8")
        assert "[versie" not in text, f"{link}: version date not filled in"
        if link.endswith(".ris"):
            recs = parse_ris(text)
            assert recs[0]["TY"] == ["RPRT"] and recs[-1]["TY"] == ["ELEC"], link
            assert recs[-1]["UR"][0].endswith("vitaliteit.html#" + recs[-1]["UR"][0].split("#")[1])
            assert re.fullmatch(r"\d{4}/\d\d/\d\d", recs[-1]["DA"][0])
        else:
            entries = parse_bibtex(text)
            assert entries[0][0] == "techreport" and entries[-1][0] == "misc", link
            assert re.fullmatch(r"\d{4}", entries[-1][2]["year"]) and "title" in entries[-1][2]
    colofon = (site / "pages" / "colofon.html").read_text(encoding="utf-8")
    assert "versie van" in colofon and "<em>Sociaal Werk in Cijfers</em>" in colofon
    parse_ris((site / "downloads" / "citeren" / "sociaal-werk-in-cijfers.ris").read_text(encoding="utf-8"))


def test_a_figure_citation_names_the_title_in_italics_and_the_version_date(site):
    html = (site / "pages" / "administratie.html").read_text(encoding="utf-8")
    citation = re.search(r'<p class="swic-citation">(.*?)</p>', html, re.S)[1]
    assert "<i>De Grote Raadpleging" in citation and "versie van " in citation
    assert "[versie" not in citation


class _InView(_Text):
    """The article's text a reader sees without opening anything: closed elements (<details>) left out."""

    SKIP = _Text.SKIP | {"details"}


EXTRACTION = re.compile(
    r"afgelezen uit|afgeleide waarde|niet leesbaar|grafieklabel|gestippeld vak met|staat niet leesbaar"
    r"|labels? (?:van de grafiek )?(?:zijn|is) (?:in onze tekstversie )?(?:verminkt|onleesbaar)"
    # where the report contradicts itself: in the figure's closed 'Over deze cijfers', not in view
    r"|spreekt zichzelf|lijst met inconsistenties|het rapport noemt elders"
    r"|(?:de (?:lopende )?tekst van het rapport|de conclusie van het hoofdstuk) noemt (?:hier|voor)"
    # how the site counted or derived a number
    r"|wij hebben ze geteld|gemarkeerd als \*?afgeleid"
    # a locator's data tag: '(h9)'
    r"|\(h\d+\)",
    re.IGNORECASE,
)
# the pages that explain how the numbers were read may say so
ABOUT_PAGES = {"werkwijze.html", "data.html", "colofon.html", "toegankelijkheid.html", "ontbrekend.html"}


def test_no_wording_about_how_numbers_were_read_outside_closed_notes(site):
    found = []
    for page in html_pages(site):
        if page.name in ABOUT_PAGES | {"genindex.html", "search.html"}:
            continue
        parser = _InView()
        parser.feed(page.read_text(encoding="utf-8"))
        text = " ".join("".join(parser.parts).split())
        found += [f"{page.relative_to(site)}: {m[0]!r}" for m in EXTRACTION.finditer(text)]
    assert not found, f"machinery in view ({len(found)}):\n" + "\n".join(found[:40])


def test_trial_machinery_in_view_is_caught():
    seen = "Bron: Movisie, Vergelijking met raadpleging 2020 (h9). Het rapport spreekt zichzelf hier tegen."
    closed = "<details><summary>Over deze cijfers</summary><p>Het rapport spreekt zichzelf hier tegen.</p></details>"
    parser = _InView()
    parser.feed(f'<article class="bd-article"><p>{seen}</p>{closed}</article>')
    hits = EXTRACTION.findall(" ".join("".join(parser.parts).split()))
    assert [h.lower() for h in hits] == ["(h9)", "spreekt zichzelf"]


def test_no_chart_keeps_more_than_a_third_unknown_and_the_start_page_none(site):
    """Every drawn chart's table: at most a third of its values unknown ('?' or empty); none on the start
    page."""
    problems = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for fig in re.findall(r'<figure class="swic-figure swic-kind-chart".*?</figure>', html, re.S):
            fid = re.search(r'id="([^"]+)"', fig)[1]
            unknown = int(re.search(r'data-unknown="(\d+)"', fig)[1])
            total = int(re.search(r'data-values="(\d+)"', fig)[1])
            if total and unknown / total > 1 / 3:
                problems.append(f"{page.name} {fid}: {unknown} of {total} values unknown")
            if page.name == "index.html" and unknown:
                problems.append(f"{page.name} {fid}: a hole on the start page")
    assert not problems, "\n".join(problems[:30])


REPORT_CAPTION = re.compile(r"^(Figuur|Tabel) \d+\.\d+\.")


def test_figure_titles_are_plain_questions_not_the_reports_captions(site):
    """A figure is titled with the question in plain words (a chapter's own title, or coverage.csv's
    plain_title), never with the report's numbered caption ("Figuur 3.6. Taken m.b.t. ...")."""
    copied = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for caption in re.findall(r'<figcaption class="swic-caption">(.*?)</figcaption>', html, re.S):
            text = re.sub(r"<[^>]+>", "", caption).strip()
            if REPORT_CAPTION.match(text):
                copied.append(f"{page.name}: {text[:90]}")
    assert not copied, f"{len(copied)} figure(s) titled with the report's caption:\n" + "\n".join(copied[:20])


def test_the_caption_check_sees_a_report_caption():
    """Trial: the rule above recognises the report's caption and lets a plain question pass."""
    assert REPORT_CAPTION.match("Figuur 3.6. Taken m.b.t. coördineren en organiseren: minder")
    assert not REPORT_CAPTION.match("Coördineren en organiseren: meer of minder dan drie jaar geleden?")
