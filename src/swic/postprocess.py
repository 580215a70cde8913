"""Fix-ups on the built HTML, applied before the site is published.

Jupyter Book 1's stock theme leaves things a first-class public site should not have:
* sphinx-thebe's scripts (a CDN URL to unpkg, and an inline script included twice, which throws
  "Identifier 'THEBE_JS_URL' has already been declared" on every page). The book has no live code,
  so thebe is removed entirely.
* no Content-Security-Policy. We add one as a ``<meta>`` tag: scripts only from the site itself.

Each fix is a small, tested text transformation; ``apply`` runs them over every page.
"""

from __future__ import annotations

import re
from pathlib import Path

from swic import textscan

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'; "  # Sphinx's inline config; Vega
    # compiles expressions; Pagefind searches with WebAssembly
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'"
)

_THEBE = [
    re.compile(r"[ \t]*<link[^>]+sphinx-thebe\.css[^>]*/?>\n?"),
    re.compile(r"[ \t]*<script>const THEBE_JS_URL[^<]*</script>\n?"),
    re.compile(r"[ \t]*<script[^>]+sphinx-thebe\.js[^>]*></script>\n?"),
    re.compile(r'[ \t]*<script type="text/x-thebe-config">.*?</script>\n?', re.S),
]


def remove_thebe(html: str) -> str:
    for pat in _THEBE:
        html = textscan.remove_all(pat, html)
    return html


def add_csp(html: str) -> str:
    if "Content-Security-Policy" in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}" />'
    return html.replace("<head>", "<head>\n    " + meta, 1)


# UI strings the theme leaves in English, although the site's language is Dutch.
TRANSLATIONS = {
    "Skip to main content": "Naar de hoofdinhoud",
    "Back to top": "Terug naar boven",
    "previous page": "vorige pagina",
    "next page": "volgende pagina",
    "Toggle primary sidebar": "Navigatie tonen of verbergen",
    "Toggle secondary sidebar": "Inhoud van deze pagina tonen of verbergen",
    "Link to this heading": "Link naar deze kop",
    "Link to this table": "Link naar deze tabel",
    "Link to this image": "Link naar deze afbeelding",
    "Version warning": "Versiewaarschuwing",
    "Site navigation": "Sitenavigatie",
    "Main": "Hoofdinhoud",
    "Breadcrumb": "Kruimelpad",
    "Download this page": "Deze pagina downloaden",
    "Contents": "Inhoud",
    "Copy": "Kopiëren",
    "Copied!": "Gekopieerd!",
    "On this page": "Op deze pagina",
    "Page": "Deze pagina",
    "Sociaal Werk in Cijfers - Home": "Sociaal Werk in Cijfers, startpagina",
    "Search": "Zoeken",
    "Close": "Sluiten",
}


def translate_ui(html: str) -> str:
    for en, nl in TRANSLATIONS.items():
        html = html.replace(f'"{en}"', f'"{nl}"').replace(f">{en}<", f">{nl}<")
    return html


_THEME_SWITCH = re.compile(r'[ \t]*<button class="[^"]*theme-switch-button[^"]*".*?</button>\n?', re.S)
_SEARCH_FIELD_LABEL = re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"')


def fix_accessibility(html: str) -> str:
    """Fixes for axe-core findings on the stock theme.

    * label-content-name-mismatch: the search field button shows "Zoeken Ctrl+K" but is named
      "Zoeken"; without the aria-label its name is its visible text.
    * aria-required-children: bibliography entries inside role="list" become role="listitem".
    * the colour-mode switch has an English, icon-only name; the site has one (light) mode, so it goes.
    * summary-name: the navigation's icon-only expand toggles get a (visually hidden) Dutch text.
    """
    html = textscan.remove_all(_THEME_SWITCH, html)
    # aria-required-children (critical) + aria-deprecated-role: docutils marks bibliography entries
    # role="doc-biblioentry" (deprecated) inside a role="list"; list items must be role="listitem".
    html = html.replace('role="doc-biblioentry"', 'role="listitem"')
    html = _SEARCH_FIELD_LABEL.sub(r"\1", html)
    # summary-name (serious): the navigation's expand/collapse toggle of a chapter with sub-pages is an
    # icon-only <summary>; it gets a hidden text that screen readers announce.
    html = html.replace(
        '<summary><span class="toctree-toggle" role="presentation">',
        '<summary><span class="visually-hidden">Onderliggende pagina\'s tonen of verbergen</span>'
        '<span class="toctree-toggle" role="presentation">',
    )
    return html


_FONTAWESOME_JS = re.compile(r"[ \t]*<script[^>]+scripts/fontawesome\.js[^>]*></script>\n?")


def drop_fontawesome_js(html: str) -> str:
    """The theme's fontawesome.js (1.5 MB) draws eight icons; ``swic.slim`` draws them as inline SVG."""
    return textscan.remove_all(_FONTAWESOME_JS, html)


_UNUSED = [
    # the site shows no code to copy, no tabs and no toggles: these theme scripts do nothing here
    re.compile(
        r'[ \t]*<script src="[^"]*_static/(?:clipboard\.min|copybutton|design-tabs|togglebutton)\.js[^"]*"></script>\n?'
    ),
    re.compile(
        r'[ \t]*<script data-sd-tabs-storage-prefix="[^"]*" src="[^"]*_static/design-tabs\.js[^"]*"></script>\n?'
    ),
    re.compile(
        r'[ \t]*<link rel="stylesheet" type="text/css" href="[^"]*_static/(?:copybutton|togglebutton)\.css[^"]*" />\n?'
    ),
]


def drop_unused_scripts(html: str) -> str:
    for pat in _UNUSED:
        html = textscan.remove_all(pat, html)
    return html


_MENU_SCRIPT = re.compile(r'<script src="([^"]*_static/swic-menu\.js[^"]*)"></script>')
_SWIC_SCRIPT = re.compile(r'<script src="([^"]*_static/swic-charts\.js[^"]*)"></script>')


def defer_chart_script(html: str) -> str:
    """The chart script never blocks rendering: deferred where a page has figures, absent where it has none
    (it loads Vega itself, only when a chart comes near the screen)."""
    if 'class="swic-chart' not in html and 'class="swic-figure' not in html:
        return _MENU_SCRIPT.sub(r'<script defer src="\1"></script>', _SWIC_SCRIPT.sub("", html))
    html = _SWIC_SCRIPT.sub(r'<script defer src="\1"></script>', html)
    return _MENU_SCRIPT.sub(r'<script defer src="\1"></script>', html)


_FIRST_PNG = re.compile(r'href="\.\./(figuren/[^"]+\.png)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _plain_text(fragment: str) -> str:
    import html as _html

    text = re.sub(r"</?(?:p|div|li|ul|ol|br|h\d|td|th|tr|table)\b[^>]*>", " ", fragment)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", _html.unescape(text)).strip()


def _description(html: str) -> str:
    """The page's summary for link previews: its 'In het kort' findings, else its first paragraph."""
    m = re.search(r'<div class="[^"]*swic-kort[^"]*">(.*?)</div>', html, re.S)
    if m:
        items = re.findall(r"<li\b[^>]*>(.*?)</li>", m[1], re.S)  # findings: <li class="swic-finding" ...>
        text = " ".join(_plain_text(i) for i in items[:2])
    else:
        body = (
            html[html.find('<article class="bd-article"') :]
            if '<article class="bd-article"' in html
            else html
        )
        paras = [p for p in (_plain_text(x) for x in re.findall(r"<p>(.*?)</p>", body, re.S)) if len(p) > 60]
        text = paras[0] if paras else ""
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + " …"


def add_link_preview(html: str, page_path: str = "") -> str:
    """A meta description and Open Graph tags, so that a link pasted in a chat shows the page's first
    chart, its title and what it found."""
    import html as _html

    from swic import cite

    if 'property="og:title"' in html or "<head>" not in html:
        return html
    base = cite.base_url()
    title = _plain_text(_TITLE.search(html)[1]) if _TITLE.search(html) else cite.SITE_TITLE
    tags = [
        f'<meta property="og:title" content="{_html.escape(title, quote=True)}" />',
        '<meta property="og:type" content="article" />',
        '<meta property="og:locale" content="nl_NL" />',
        f'<meta property="og:site_name" content="{cite.SITE_TITLE}" />',
    ]
    if page_path:
        tags.append(f'<meta property="og:url" content="{base}{page_path}" />')
    desc = _description(html)
    if desc:
        esc = _html.escape(desc, quote=True)
        tags += [
            f'<meta name="description" content="{esc}" />',
            f'<meta property="og:description" content="{esc}" />',
        ]
    png = _FIRST_PNG.search(html)
    if png:
        tags += [
            f'<meta property="og:image" content="{base}{png[1]}" />',
            '<meta name="twitter:card" content="summary_large_image" />',
        ]
    return html.replace("</head>", "    " + "\n    ".join(tags) + "\n  </head>", 1)


_ARTICLE = re.compile(r'<main id="main-content"[^>]*>')


def add_print_header(html: str, page_path: str = "") -> str:
    """A header that only print shows: the site's name, the page's address and the version's date, so that
    a printed chapter says where it comes from."""
    import html as _html

    from swic import cite, fmt

    m = _ARTICLE.search(html)
    if not m or "swic-print-header" in html:
        return html
    url = cite.base_url() + page_path
    date = fmt.date(cite.version()[1], "")
    header = (
        '<div class="swic-print-header" aria-hidden="true">'
        f'<span class="swic-print-site">{cite.SITE_TITLE}</span> '
        f'<span class="swic-print-url">{_html.escape(url)}</span>'
        + (f' <span class="swic-print-date">versie van {date}</span>' if date else "")
        + "</div>"
    )
    return html[: m.end()] + header + html[m.end() :]


_FULLSCREEN = re.compile(r'[ \t]*<button onclick="toggleFullScreen\(\)".*?</button>\n?', re.S)
# the search field buttons, with the sidebar item around them where there is one; two patterns that each start
# with a tag (an optional group in front made re try the pattern at every character of a page)
_SEARCH_FIELDS = [
    re.compile(
        r'<div class="sidebar-primary-item">\s*<button class="btn search-button-field[^"]*".*?</button>(?:</div>)?',
        re.S,
    ),
    re.compile(r'<button class="btn search-button-field[^"]*".*?</button>(?:</div>)?', re.S),
]
_SIDEBAR_BRAND = re.compile(
    r'<div class="sidebar-primary-item">\s*<a class="navbar-brand logo" href="([^"]*)">.*?</a></div>', re.S
)
_ARTICLE_START = re.compile(
    r'(<div class="header-article-items__start">\s*<div class="header-article-item">.*?</button></div>)', re.S
)
_SEARCH_ICON = re.compile(
    r'(<button class="btn btn-sm pst-navbar-icon search-button search-button__button[^>]*>\s*<i [^>]*></i>)'
)
BRAND = (
    '<div class="header-article-item swic-brand-item"><a class="swic-brand" href="{href}">'
    '<svg class="swic-brand-mark" aria-hidden="true" focusable="false" viewBox="0 0 40 40" width="22" height="22">'
    '<rect x="2" y="22" width="10" height="16" fill="#E69F00"/><rect x="15" y="12" width="10" height="26" '
    'fill="#0072B2"/><rect x="28" y="4" width="10" height="34" fill="#009E73"/></svg>'
    '<span class="swic-brand-name">Sociaal Werk in Cijfers</span></a></div>'
)


def fix_header(html: str) -> str:
    """A header that says whose page it is, with one search entry and no fullscreen button.

    * the site's name (with its mark) at the top of the article, next to the menu button, at every
      width; it replaces the logo at the top of the sidebar, which a phone does not show;
    * one search entry: the button in the article's header (with a visible word on wide screens); the
      search fields in the sidebar and the theme's hidden header go;
    * no fullscreen button (it does nothing useful on a phone and the reader's browser has one).
    """
    if "swic-brand" in html:
        return html
    html = textscan.remove_all(_FULLSCREEN, html)
    for pat in _SEARCH_FIELDS:
        html = pat.sub("", html)
    m = _SIDEBAR_BRAND.search(html)
    href = m[1] if m else "index.html"
    html = _SIDEBAR_BRAND.sub("", html)
    html = _ARTICLE_START.sub(lambda a: a[1] + BRAND.format(href=href), html, count=1)
    html = _SEARCH_ICON.sub(r'\1<span class="swic-search-label">Zoeken</span>', html)
    return html


def _search(html: str) -> str:
    from swic import search

    return search.prepare(html)


_DOUBLE_TITLE = re.compile(r"<title>Sociaal Werk in Cijfers &#8212; Sociaal Werk in Cijfers</title>")
_AUTHOR = re.compile(r'<p class="component-author">.*?</p>', re.S)
FOOTER = (
    '<p class="component-author">Sociaal Werk in Cijfers wordt gemaakt door een klein team van analisten en '
    "ontwikkelaars, met de cijfers uit openbare publicaties van Movisie, Sociaal Werk Nederland en de "
    'Vereniging Hogescholen. Wie we zijn en hoe je de site citeert, staat in het <a href="@colofon">colofon</a>.'
    "</p>"
)
# a year glued as a value ('{glue:text}`year`') is running text, not a figure to scan: no bold span
_GLUED_YEAR = re.compile(r'<span class="pasted-text">((?:19|20)\d\d)</span>')


def fix_words(html: str) -> str:
    """The site's name once in the start page's title, a footer that says who makes the site (the theme's
    'Door <author>' is no sentence), glued years as plain text."""
    html = _DOUBLE_TITLE.sub("<title>Sociaal Werk in Cijfers</title>", html)
    html = _AUTHOR.sub(lambda m: FOOTER, html, count=1)
    return _GLUED_YEAR.sub(r"\1", html)


FIXES = [
    fix_words,
    remove_thebe,
    add_csp,
    translate_ui,
    fix_accessibility,
    fix_header,
    drop_fontawesome_js,
    drop_unused_scripts,
    defer_chart_script,
    _search,
]


_REDIRECT = re.compile(r'^<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*$')


def fix_redirect(html: str) -> str:
    """Jupyter Book's root index.html is a bare meta refresh; make it a small valid Dutch page."""
    m = _REDIRECT.match(html)
    if not m:
        return html
    url = m[1]
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8" />\n'
        f'<meta http-equiv="Refresh" content="0; url={url}" />\n<title>Sociaal Werk in Cijfers</title>\n'
        f'</head>\n<body>\n<p><a href="{url}">Naar Sociaal Werk in Cijfers</a></p>\n</body>\n</html>\n'
    )


def fix_page(html: str) -> str:
    html = fix_redirect(html)
    if "<head>" not in html:
        return html
    for fix in FIXES:
        html = fix(html)
    return html


_PAGE_TITLE = re.compile(r"<h1[^>]*>(.*?)<", re.S)


def add_page_citation(html: str, name: str, site: Path) -> str:
    """'Deze pagina citeren' at the end of a page's article: the citation with the version's date, and the
    page's RIS and BibTeX (written when the book was put together) for Zotero and EndNote."""
    from swic import cite

    m = re.fullmatch(r"pages/([a-z0-9-]+)\.html", name)
    ris = Path(site) / "downloads" / "citeren" / f"sociaal-werk-in-cijfers-{m[1]}.ris" if m else None
    if not ris or not ris.exists() or "swic-cite-page" in html or "</article>" not in html:
        return html
    title = _plain_text(_PAGE_TITLE.search(html)[1]) if _PAGE_TITLE.search(html) else cite.SITE_TITLE
    text = cite.stamp(cite.page_citation(m[1], title, "html"), cite.version()[1])
    base = f"../downloads/citeren/sociaal-werk-in-cijfers-{m[1]}"
    block = (
        '<aside class="swic-cite-page" aria-label="Deze pagina citeren">'
        '<p class="swic-cite-page-title">Deze pagina citeren</p>'
        f'<p class="swic-citation">{text} Geraadpleegd op <span class="swic-today">[datum]</span>.</p>'
        f'<p class="swic-cite-files">Voor je literatuurbeheer: <a href="{base}.ris" download>RIS (Zotero, '
        f'EndNote)</a> · <a href="{base}.bib" download>BibTeX</a></p></aside>'
    )
    i = html.rfind("</article>")
    return html[:i] + block + html[i:]


_PICTURE_TAG = re.compile(r'<(img|source)\b([^>]*?)\b(src|srcset)="(\.\./figuren/[^"]+\.svg)"([^>]*)>')
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def add_picture_sizes(html: str, page_path: str, site: Path) -> str:
    """A chart's static picture (and its phone layout) gets its width and height: the browser keeps the space
    free before the picture arrives, so the text below does not move when it loads (layout shift)."""
    base = (Path(site) / page_path).parent

    def sized(m: re.Match) -> str:
        tag, before, attr, href, after = m.groups()
        if " width=" in before + after:
            return m[0]
        try:
            head = (base / href).resolve().read_text(encoding="utf-8")[:600]
        except OSError:
            return m[0]
        size = _SVG_SIZE.search(head)
        if not size:
            return m[0]
        w, h = (round(float(v)) for v in size.groups())
        return f'<{tag}{before}{attr}="{href}" width="{w}" height="{h}"{after}>'

    return _PICTURE_TAG.sub(sized, html)


def fix_file(text: str, name: str, site: Path | None = None) -> str:
    """One built HTML file (``name``: its path in the site, e.g. 'pages/taken.html') with every fix applied."""
    from swic import search

    fixed = fix_page(text)
    fixed = add_link_preview(fixed, name)
    fixed = add_print_header(fixed, name)
    if site is not None:
        fixed = add_page_citation(fixed, name, site)
        fixed = add_picture_sizes(fixed, name, site)
    depth = name.count("/")
    fixed = fixed.replace('href="@colofon"', f'href="{"../" * depth}pages/colofon.html"')
    if name == "search.html":
        fixed = search.search_page(fixed)
    elif name == "genindex.html":
        fixed = fixed.replace(" data-pagefind-body", "")
    return fixed


def apply(site: Path, reuse=None) -> int:
    """Fix every HTML file of the site; ``reuse(name, text)`` may return the fixed text of a file that did
    not change since the last build (or None)."""
    count = 0
    for page in Path(site).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(site).as_posix()
        fixed = reuse(name, text) if reuse else None
        if fixed is None:
            fixed = fix_file(text, name, site)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            count += 1
    return count
