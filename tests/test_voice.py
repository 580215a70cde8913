"""One voice: the built site reads as one careful Dutch publication (issue 26).

Each check is a function from one page's HTML to the problems it finds. ``test_the_site_speaks_with_one_voice``
runs every check on every built page; ``test_each_check_finds_its_fault`` is the trial: for each check a small
page with the fault (it must be found) and the same page written well (it must pass).

The patterns: zero counts in running text ("0 acties"), ids outside tables (AP06, SIB6, A02, T5, JP1-02), the
book's leftovers ("dit boek", "Door Het team", the survey's old names), share words outside their number's range
("bijna drie op de vijf (55%)"), years in bold, headings whose count does not match what follows ("Vijf
bevindingen" over six), the site's name twice in a title, and a footer that does not say who makes the site.
"""

from __future__ import annotations

import functools
import re

import pytest
from bs4 import BeautifulSoup

from swic import text as nl

from .test_site import html_pages

SITE_NAME = "Sociaal Werk in Cijfers"
NOT_READ = {"genindex.html", "search.html"}
BLOCKS = [
    "p",
    "li",
    "td",
    "th",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "caption",
    "summary",
    "figcaption",
    "dt",
    "dd",
]


# --------------------------------------------------------------------------- reading a page


def _article(html: str):
    return BeautifulSoup(html, "html.parser").find("article", class_="bd-article")


@functools.lru_cache(maxsize=8)  # several checks read the same page's text: parse it once
def page_text(html: str, *, tables: bool = False) -> str:
    """What a reader reads in the article: no code, nothing hidden (the search index's sentences), and
    without ``tables`` no tables and figures (ids and counts belong there)."""
    art = _article(html)
    if art is None:
        return ""
    gone = ["script", "style", "code", "pre", "svg", "noscript"] + ([] if tables else ["table", "figure"])
    for tag in art.find_all(gone):
        tag.decompose()
    for tag in art.find_all(attrs={"hidden": True}) + art.find_all(attrs={"data-pagefind-meta": True}):
        tag.decompose()
    for tag in art.find_all(BLOCKS):
        tag.insert_before("\n")
    return re.sub(r"[ \t\xa0]+", " ", art.get_text())


# --------------------------------------------------------------------------- the checks

ZERO_COUNT = re.compile(
    r"(?<![\d.,])\b0 (?:"
    + "|".join(re.escape(p) for p in sorted(set(nl.PLURALS.values()), key=len)[::-1])
    + r")\b"
)


def zero_counts(html: str) -> list[str]:
    """'Bij dit onderwerp horen 1 punt, 0 acties': what is zero is left out, or said as 'geen actie'."""
    return [f"zero count {m[0]!r}" for m in ZERO_COUNT.finditer(page_text(html))]


IDS = re.compile(r"\b(?:AP\d\d|SIB\d+|A\d\d|JP\d-\d\d|JT\d+|T\d|P\d)\b")


def ids_outside_tables(html: str) -> list[str]:
    """Ids of points, advices, actions and plan parts belong in data tables, not in sentences."""
    return [f"id {m[0]!r}" for m in IDS.finditer(page_text(html))]


LEFTOVERS = re.compile(
    r"\bdit boek\b|\bDoor Het team\b|^\s*Geen koppeling\.|\braadpleging 20\d\d\b|\bveldwerk 20\d\d\b"
    r"|\beditie 20\d\d\b|\bveldwerk in het jaar\b|\bGrote Raadpleging 20\d\d\b",
    re.IGNORECASE | re.MULTILINE,
)


def leftovers(html: str) -> list[str]:
    """The book's and the template's leftovers, and the survey's old names, anywhere a reader reads
    (running text and the page's own words around it: title, footer)."""
    found = [f"leftover {m[0].strip()!r}" for m in LEFTOVERS.finditer(page_text(html))]
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        tag.decompose()
    outside = soup.get_text(" ")
    found += [f"leftover {m[0]!r}" for m in re.finditer(r"\bDoor Het team\b|\bdit boek\b", outside, re.I)]
    return sorted(set(found))


SHARE_BESIDE = re.compile(
    r"\b((?:bijna |ruim |meer dan |minder dan |ongeveer )?(?:"
    + "|".join(re.escape(w) for _, w in nl.LANDMARKS)
    + r"|iedereen|niemand|een klein deel))\s*\((\d+(?:,\d+)?)\s?%\)",
    re.IGNORECASE,
)


def share_words(html: str) -> list[str]:
    """'Bijna drie op de vijf (55%)': a quantity word must fit the share beside it."""
    text = " ".join(page_text(html, tables=True).split())
    return [
        f"share word {m[0]!r}"
        for m in SHARE_BESIDE.finditer(text)
        if not nl.share_fits(m[1], float(m[2].replace(",", ".")))
    ]


YEAR = re.compile(r"(?:19|20)\d\d")


def bold_years(html: str) -> list[str]:
    """Bold is for the figures a reader scans; a year is running text ('Vergeleken met **2020**')."""
    art = _article(html)
    if art is None:
        return []
    for tag in art.find_all(["table", "figure"]):
        tag.decompose()
    found = [
        f"year in bold {t.get_text(strip=True)!r}"
        for t in art.find_all(["strong", "b"])
        if YEAR.fullmatch(t.get_text(strip=True))
    ]
    found += [
        f"glued year {t.get_text(strip=True)!r} (set in bold as a figure)"
        for t in art.find_all("span", class_="pasted-text")
        if YEAR.fullmatch(t.get_text(strip=True))
    ]
    return found


COUNT_WORDS = {
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
# a count word in a heading that counts nothing that follows: a share, a time, a multiple
NOT_A_COUNT = re.compile(r"^(?:derde|op\b|keer|jaar|maal|kwart|procent|of\b)")
HEADING_COUNT = re.compile(r"\b(" + "|".join(COUNT_WORDS) + r"|\d{1,2})\s+(\S+)", re.IGNORECASE)


def _stated_count(heading: str) -> int | None:
    for m in HEADING_COUNT.finditer(heading):
        rest = heading[m.start(2) :].lower()
        if NOT_A_COUNT.match(rest):
            continue
        word = m[1].lower()
        if word.isdigit():
            if rest.split()[0].strip(".,:;?!") not in set(nl.PLURALS.values()):
                continue  # '2020 en 2024', 'Figuur 9 2': digits count only before a counted noun
            return int(word)
        return COUNT_WORDS[word]
    return None


def _what_follows(heading) -> int:
    """The items under a heading, until the next heading of its level or higher: its subheadings (nested
    sections or headings one level down), else the items of its first list, else its figures, else the
    rows of the data set it names. Nothing countable is 0: a count over prose counts nothing."""
    level = int(heading.name[1])
    stop = {f"h{i}" for i in range(1, level + 1)}
    sub = f"h{level + 1}"
    subheadings, items, figures, rows = 0, None, 0, 0
    for el in heading.find_all_next():
        if el.name in stop:
            break
        if el.name == "p" and (m := re.search(r"\((\d+) rijen\b", el.get_text())) and not rows:
            rows = int(m[1])  # a data set's title over its size: 'De negen adviezen ...' (9 rijen, CSV)
        if el.name == sub:
            subheadings += 1
        elif el.name in ("ul", "ol") and items is None and not el.find_parent(["ul", "ol"]):
            items = len(el.find_all("li", recursive=False))
        elif el.name == "figure" and not el.find_parent("figure"):
            figures += 1
    return subheadings or items or figures or rows


def heading_counts(html: str) -> list[str]:
    """'Vijf bevindingen' is followed by five findings: a count in a heading, anywhere in it ('De drie
    vragen', 'Zes acties zonder ...'), matches the items under it."""
    art = _article(html)
    if art is None:
        return []
    found = []
    for h in art.find_all(["h1", "h2", "h3", "h4"]):
        for a in h.find_all("a", class_="headerlink"):
            a.decompose()
        title = " ".join(h.get_text(" ").split())
        stated = _stated_count(title)
        if stated is None:
            continue
        n = _what_follows(h)
        if n != stated:
            found.append(f"heading {title!r} over {n}")
    return found


DOUBLED = re.compile(r"\b(\w+ \w+) \1\b", re.IGNORECASE)


def doubled_words(html: str) -> list[str]:
    """'Ten minste ten minste 80 deelnemers': a glued value that brings its own words, typed again before it."""
    return [f"doubled {m[0]!r}" for m in DOUBLED.finditer(" ".join(page_text(html).split()))]


FULL_NAME = re.compile(r"\bde raadpleging van 20\d\d \(veldwerk \w+ 20\d\d\)")


def survey_name(html: str) -> list[str]:
    """The survey named one way: on a page that names it in full ('de raadpleging van 2025 (veldwerk zomer
    2024)'), that full name is its first mention in the running text; after it, 'de raadpleging'. Headings and
    the In het kort box (which comes before the introduction) do not count."""
    art = _article(html)
    if art is None:
        return []
    for tag in art.find_all(["h1", "h2", "h3", "h4"]) + art.find_all(
        class_=["swic-kort", "swic-finding-ref"]
    ):
        tag.decompose()
    text = " ".join(page_text(str(art)).split())
    full = FULL_NAME.search(text)
    first = re.search(r"(?<!vorige )(?<!eerste )\braadpleging\b(?! van 20\d\d\b(?! \())", text)
    if not full or not first or first.start() >= full.start() + len("de "):
        return []
    return [f"survey named before its full name: {text[max(0, first.start() - 40) : first.end() + 20]!r}"]


def doubled_title(html: str) -> list[str]:
    """'Sociaal Werk in Cijfers — Sociaal Werk in Cijfers': the site's name once; no title repeats itself."""
    m = re.search(r"<title>(.*?)</title>", html, re.S)
    if not m:
        return []
    title = " ".join(BeautifulSoup(m[1], "html.parser").get_text().split())
    parts = [p.strip() for p in re.split(r"\s[—–|-]\s", title)]
    if title.count(SITE_NAME) > 1 or len(parts) != len(set(parts)):
        return [f"title {title!r}"]
    return []


def footer(html: str) -> list[str]:
    """The footer says who makes the site and links to the colophon; it calls the site 'deze site'."""
    m = re.search(r'<footer class="bd-footer-content">(.*?)</footer>', html, re.S)
    if not m:
        return []
    text = " ".join(BeautifulSoup(m[1], "html.parser").get_text(" ").split())
    found = []
    if "colofon.html" not in m[1]:
        found.append("footer: no link to the colophon")
    if not re.search(r"\bgemaakt door\b|\bmaakt\b|\bmaken\b", text):
        found.append(f"footer: does not say who makes the site ({text[:80]!r})")
    if re.search(r"\bDoor Het team\b|\bdit boek\b|\bhet boek\b", text, re.I):
        found.append(f"footer: {text[:80]!r}")
    return found


CHECKS = {
    "zero counts": zero_counts,
    "ids": ids_outside_tables,
    "leftovers": leftovers,
    "share words": share_words,
    "bold years": bold_years,
    "heading counts": heading_counts,
    "doubled words": doubled_words,
    "survey name": survey_name,
    "titles": doubled_title,
    "footer": footer,
}


# --------------------------------------------------------------------------- the site


def test_the_site_speaks_with_one_voice(site):
    found = []
    for page in html_pages(site):
        if page.name in NOT_READ or "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        for check in CHECKS.values():
            found += [f"{page.relative_to(site)}: {p}" for p in check(html)]
    assert not found, f"{len(found)} places where the site does not read as one voice:\n" + "\n".join(
        found[:60]
    )


# --------------------------------------------------------------------------- trials


def _page(body: str, *, title: str = "Administratie — Sociaal Werk in Cijfers", foot: str = "") -> str:
    foot = foot or (
        '<p class="component-author">Sociaal Werk in Cijfers wordt gemaakt door een klein team. Wie we zijn, '
        'staat in het <a href="../pages/colofon.html">colofon</a>.</p>'
    )
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<article class="bd-article">{body}</article>'
        f'<footer class="bd-footer-content">{foot}</footer></body></html>'
    )


TABLE = "<table><tr><td>AP06</td><td>0 acties</td></tr></table>"
TRIALS = {
    "zero counts": (
        "<p>Bij dit onderwerp horen 1 punt uit het advies en 0 acties.</p>",
        "<p>Bij dit onderwerp hoort één punt uit het advies, maar geen actie.</p>" + TABLE,
    ),
    "ids": (
        "<p>Aandachtspunt AP06 en actie A02 sluiten aan op JP1-02.</p>",
        "<p>Het aandachtspunt over samenwerking sluit aan op de actie over kennisdeling.</p>" + TABLE,
    ),
    "leftovers": (
        "<p>In dit boek staan de cijfers van de raadpleging 2025 (veldwerk in het jaar voor de editie 2025).</p>",
        "<p>Op deze site staan de cijfers van de raadpleging van 2025 (veldwerk zomer 2024).</p>",
    ),
    "share words": (
        '<p>Bijna drie op de vijf (<span class="pasted-text">55%</span>) ziet de last groeien.</p>',
        '<p>Ruim de helft (<span class="pasted-text">55%</span>) ziet de last groeien.</p>',
    ),
    "bold years": (
        "<p>Vergeleken met <strong>2020</strong> is het iets lager.</p>",
        '<p>Vergeleken met 2020 is het iets lager: <strong><span class="pasted-text">37%</span></strong>.</p>',
    ),
    "heading counts": (
        '<section><h2>In het kort: vijf bevindingen<a class="headerlink" href="#">#</a></h2>'
        "<ul><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li><li>f<ul><li>f1</li></ul></li></ul></section>",
        '<section><h2>In het kort: zes bevindingen<a class="headerlink" href="#">#</a></h2>'
        "<ul><li>a</li><li>b</li><li>c</li><li>d</li><li>e</li><li>f<ul><li>f1</li></ul></li></ul>"
        "<h2>Twee derde werkt in een wijkteam</h2><p>Geen lijst.</p></section>",
    ),
}
TRIALS["doubled words"] = (
    '<p>Ten minste <span class="pasted-text">ten minste 80</span> deelnemers noemen de werkdruk.</p>',
    "<p>De werkdruk noemen ten minste 80 deelnemers; sommigen zijn bang dat dat hen ook overkomt.</p>",
)
TRIALS["survey name"] = (
    "<p>In de raadpleging konden deelnemers kiezen.</p><p>De cijfers komen uit de raadpleging van 2025 "
    "(veldwerk zomer 2024).</p>",
    '<div class="swic-kort"><p>Uit de raadpleging: 51%.</p></div><h1>Wie vulden de raadpleging in?</h1>'
    "<p>In de vorige raadpleging, de raadpleging van 2020, kwam het niet voor.</p>"
    "<p>In de raadpleging van 2025 (veldwerk zomer 2024) konden deelnemers kiezen; de raadpleging vroeg ...</p>",
)
PAGE_TRIALS = {
    "titles": (
        _page("<p>Tekst.</p>", title="Sociaal Werk in Cijfers — Sociaal Werk in Cijfers"),
        _page("<p>Tekst.</p>", title="Sociaal Werk in Cijfers"),
    ),
    "footer": (
        _page("<p>Tekst.</p>", foot='<p class="component-author">Door Het team</p>'),
        _page("<p>Tekst.</p>"),
    ),
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_each_check_finds_its_fault(name):
    if name in PAGE_TRIALS:
        bad, good = PAGE_TRIALS[name]
    else:
        bad, good = (_page(b) for b in TRIALS[name])
    assert CHECKS[name](bad), f"{name}: the fault was not found"
    assert not CHECKS[name](good), f"{name}: the page written well was flagged: {CHECKS[name](good)}"


def test_heading_counts_read_what_follows_to_the_next_heading():
    """Trial for the start page's form: a count over the findings copied under it, each with its own
    heading one level down ('Vijf bevindingen' over six h3 headings), and a count later in the heading."""
    six = "".join(f'<div class="swic-finding-ref"><h3>Bevinding {i}</h3><p>...</p></div>' for i in range(6))
    assert heading_counts(_page(f"<section><h2>Vijf bevindingen</h2>{six}</section>"))
    assert not heading_counts(_page(f"<section><h2>Zes bevindingen</h2>{six}</section>"))
    assert heading_counts(
        _page("<h2>Wat de drie documenten zeggen</h2><ul><li>a</li><li>b</li></ul><h2>x</h2>")
    )
    assert not heading_counts(_page("<h2>Vergelijken met 2020</h2><ul><li>a</li></ul>"))
    assert heading_counts(_page("<h2>De andere vier documenten</h2><p>Het sectorplan en het advies.</p>"))
    assert not heading_counts(_page("<h3>De negen adviezen</h3><p>Tekst.</p><p>sib.csv (9 rijen, CSV)</p>"))


def test_page_text_skips_only_what_is_hidden():
    """Trial: a hidden paragraph (the search index's sentence after a table) is skipped, the paragraphs
    after it are read; tables only when asked for."""
    html = _page(
        "<p>een</p><p hidden>verborgen <b>vet</b></p><p>twee</p><table><tr><td>AP06</td></tr></table>"
        "<div data-pagefind-meta='x'>meta</div><p>drie <br>vier</p>"
    )
    assert page_text(html).split() == ["een", "twee", "drie", "vier"]
    assert "AP06" in page_text(html, tables=True)
