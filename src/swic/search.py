"""Search with Pagefind: a static index built after the book, Dutch stemming, fetched only when someone
searches.

Sphinx's own search ships a 150 KB index on every page, and with Sphinx 7.4 its index and its browser
code stem Dutch differently (snowballstemmer 3 writes "reldruk", the browser asks for "regeldruk"), so
Dutch words on the pages are not found. Pagefind indexes the built HTML with one stemmer for index and
query, splits the index in small chunks and loads them only on the search page.

* :func:`prepare` marks what is indexed on each page (the article, not the menus; the chart data tables
  yes, the download links and citations no) and keeps table cells apart so their words do not run
  together, and drops Sphinx's search scripts from every page;
* :func:`search_page` replaces the body of ``search.html`` with the search interface (``static/page/search.js``:
  Pagefind's index, synonyms readers use, no results for typos that merely share letters), in Dutch;
* :func:`build_index` runs Pagefind over the finished site.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from swic import textscan

BUNDLE = "pagefind"
IGNORE = [
    ".swic-actions",
    ".swic-share",
    ".swic-about",
    ".headerlink",
    ".swic-static",
    ".swic-live",
    ".bd-sidebar-primary",
    ".bd-header",
    ".bd-footer",
    ".prev-next-area",
    ".bd-sidebar-secondary",
    "#jb-print-toc",
]

_SPHINX_SEARCH = [
    re.compile(r'[ \t]*<script src="[^"]*_static/searchtools\.js"></script>\n?'),
    re.compile(r'[ \t]*<script src="[^"]*_static/language_data\.js"></script>\n?'),
    re.compile(r'[ \t]*<script src="[^"]*searchindex\.js"></script>\n?'),
]


def prepare(html: str, indexed: bool = True) -> str:
    """Mark a page for Pagefind and drop Sphinx's search scripts from it."""
    for pat in _SPHINX_SEARCH:
        html = textscan.remove_all(pat, html)
    if not indexed:
        return html
    html = html.replace('<article class="bd-article">', '<article class="bd-article" data-pagefind-body>', 1)
    # list items are separate words, not one run of text
    html = re.sub(r"</(li|dt|dd)>(?=<)", r"</\1> ", html)
    # tables are left out of the indexed text (their cells made snippets such as 'meer dan. 572. tekst.');
    # what they name stays findable through one hidden sentence after each table
    return _TABLE.sub(_table_terms, html)


_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
# cells that are no words: numbers, ids, how a value was read, bounds and empty marks
_NOT_A_TERM = re.compile(
    r"^(?:[\d\s.,%–—\-+*?()/:]*|[A-Z]{1,3}\d[\d\-.]*|tekst|tabel|grafiek|grafieklabel|afgeleid|meer dan|"
    r"minder dan|bijna|ongeveer|ja|nee|n|waarde|categorie|hoe gelezen)$",
    re.IGNORECASE,
)


def _table_terms(m: re.Match) -> str:
    import html as _html

    terms = []
    for cell in _CELL.findall(m[2]):
        words = re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", " ", cell))).strip()
        words = re.sub(r"^[A-Z]{1,3}\d[\d\-.]*\s+", "", words)  # an id before a title
        if words and len(words) <= 120 and not _NOT_A_TERM.match(words) and words not in terms:
            terms.append(words)
    table = f"<table data-pagefind-ignore{m[1]}>{m[2]}</table>"
    if not terms:
        return table
    sentence = _html.escape("In de tabel: " + "; ".join(terms) + ".", quote=False)
    return table + f'<p hidden class="swic-terms">{sentence}</p>'


UI = """
<h1>Zoeken</h1>
<p>Zoek een woord of een onderwerp. Je vindt ook de antwoorden en cijfers uit de tabellen onder de grafieken.</p>
<div id="swic-search" data-pagefind-ignore></div>
<noscript><p>Zoeken werkt alleen met JavaScript. Gebruik anders het menu of de inhoudsopgave.</p></noscript>
<link href="pagefind/pagefind-ui.css" rel="stylesheet">
<script type="module" src="assets/search.js"></script>
"""


_SEARCH_BLOCK = re.compile(
    r'<div class="bd-search-container">.*?<div id="search-results"></div>\s*</div>\s*<script>.*?</script>',
    re.S,
)


def search_page(html: str) -> str:
    """``search.html`` with Pagefind's search interface instead of Sphinx's (and not indexed itself)."""
    html = html.replace(" data-pagefind-body", "")
    new, n = _SEARCH_BLOCK.subn(lambda m: '<div class="bd-search-container">' + UI + "</div>", html, count=1)
    if n != 1:
        raise RuntimeError("search.html: the theme's search block was not found; swic.search needs updating")
    return new


def build_index(site: Path, log=print) -> None:
    """Run Pagefind over the finished site (the Pagefind binary ships inside its PyPI wheel)."""
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "nl",
        "--exclude-selectors",
        ", ".join(IGNORE),
        "--quiet",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("the search index could not be built:\n" + (proc.stdout + proc.stderr)[-2000:])
    for stale in ("searchindex.js",):
        (Path(site) / stale).unlink(missing_ok=True)
    log("Search index built (Pagefind).")
