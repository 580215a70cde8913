"""The theme built down to what the site uses: one stylesheet, no icon font, no render-blocking script.

The stock theme links seven stylesheets (534 KB, most of it Bootstrap and pydata-sphinx-theme, one of
them pulling in an eighth with ``@import``), draws its icons from a 156 KB icon web font and loads five
scripts in ``<head>`` that block the first paint. On a phone on a slow network nothing shows for
2.5 s. After the book is built and post-processed, :func:`apply`

* replaces the theme's ``<i class="fa-…">`` icons by small inline SVG icons (:data:`ICONS`);
* merges the stylesheets (in their order, ``@import`` resolved, ``url()`` rewritten) with the site's own
  ``swic-site.css`` and drops every rule whose selector cannot match: a class, id, element or attribute
  that occurs in no page and in no script that runs on the pages (:func:`purge`). Classes that only
  Bootstrap's script sets (a tooltip, a sidebar that is shown) are kept by name (:data:`KEEP`); so are
  the print rules. Dark mode (the site has one, light, mode), the icon font and the custom properties
  nothing reads go too;
* adds the site's font (:mod:`swic.fonts`: four WOFF2 faces in ``_static/fonts``, ``font-display: optional``)
  and points the theme's font variables at it;
* writes the result as one file, ``_static/swic-site.<hash>.css``, and links only that from every page,
  with every face of the font preloaded;
* drops the Sphinx scripts the site does not use (Sphinx's own search is replaced by Pagefind) and
  defers the theme's, so that nothing but the one stylesheet blocks the first paint.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from swic import fonts, textscan

STATIC = "_static"
OWN_CSS = Path(__file__).parent / "static" / "site" / "swic-site.css"

# ----------------------------------------------------------------------------------------------- icons

_SVG = (
    '<svg class="swic-icon swic-icon-{name}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" '
    'width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2.25" '
    'stroke-linecap="round" stroke-linejoin="round">{body}</svg>'
)
ICONS = {
    "bars": '<path d="M3 6h18M3 12h18M3 18h18"/>',
    "list": '<path d="M8 6h13M8 12h13M8 18h13"/><circle cx="3.5" cy="6" r="1"/><circle cx="3.5" cy="12" r="1"/>'
    '<circle cx="3.5" cy="18" r="1"/>',
    "outdent": '<path d="M3 6h18M11 12h10M3 18h18M7 9l-3 3 3 3"/>',
    "magnifying-glass": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 21 21"/>',
    "angle-left": '<path d="M15 5l-7 7 7 7"/>',
    "angle-right": '<path d="M9 5l7 7-7 7"/>',
    "arrow-up": '<path d="M12 20V5M5 12l7-7 7 7"/>',
    "chevron-down": '<path d="M5 9l7 7 7-7"/>',
}
_ICON = re.compile(r'<(i|span) class="(?:fa-solid|fas) fa-([a-z-]+)(?: fa-lg)?"></\1>')


def icon(name: str) -> str:
    return _SVG.format(name=name, body=ICONS[name])


def inline_icons(html: str) -> str:
    """The theme's icon-font glyphs as inline SVG (no font to fetch, nothing shifts when it arrives)."""

    def swap(m: re.Match) -> str:
        if m[2] not in ICONS:
            raise RuntimeError(f"swic.slim: no inline icon for fa-{m[2]}; add it to ICONS")
        return icon(m[2])

    return _ICON.sub(swap, html)


# --------------------------------------------------------------------------------------------- scripts

_DROP_SCRIPTS = [
    # Sphinx's search and keyboard helpers: the site searches with Pagefind, and these read settings
    # from documentation_options.js, which blocks the first paint
    re.compile(
        r'[ \t]*<script src="[^"]*_static/(?:documentation_options|doctools|sphinx_highlight|translations)'
        r'\.js[^"]*"></script>\n?'
    ),
    re.compile(
        r"[ \t]*<script>(?:let toggleHint\w+|let toggleOpenOnPrint|var togglebuttonSelector)[^<]*</script>\n?"
    ),
    re.compile(r"[ \t]*<script>DOCUMENTATION_OPTIONS\.[^<]*</script>\n?"),
    re.compile(r'[ \t]*<link rel="preload" as="script" href="[^"]*"\s*/>\n?'),
]
_THEME_SCRIPT = re.compile(r'<script src="([^"]*_static/scripts/sphinx-book-theme\.js[^"]*)"></script>')
# pydata-sphinx-theme reads a few settings at start; without documentation_options.js it needs these
_OPTIONS = (
    "<script>var DOCUMENTATION_OPTIONS = {{VERSION: '', pagename: '{page}', URL_ROOT: '', BUILDER: 'html', "
    "search_as_you_type: false, show_version_warning_banner: false}};</script>"
)
_PAGENAME = re.compile(r"DOCUMENTATION_OPTIONS\.pagename = '([^']*)';")


def slim_scripts(html: str) -> str:
    m = _PAGENAME.search(html)
    page = m[1] if m else ""
    for pat in _DROP_SCRIPTS:
        html = textscan.remove_all(pat, html)
    html = _THEME_SCRIPT.sub(r'<script defer src="\1"></script>', html)
    if "var DOCUMENTATION_OPTIONS" not in html:
        html = html.replace("</head>", "  " + _OPTIONS.format(page=page) + "\n  </head>", 1)
    return html


# ----------------------------------------------------------------------------------------- stylesheet

_LINK = re.compile(
    r'[ \t]*<link (?:rel="stylesheet" type="text/css" href="([^"]+)"|href="([^"]+)" rel="stylesheet")\s*/>\n?'
)

# set by Bootstrap's or the theme's scripts, never in the HTML as built
KEEP = {
    "show", "showing", "hiding", "collapsing", "fade", "active", "disabled", "tooltip", "tooltip-inner",
    "tooltip-arrow", "bs-tooltip-auto", "bs-tooltip-top", "bs-tooltip-bottom", "bs-tooltip-start",
    "bs-tooltip-end", "modal-open", "open", "hide", "highlighted", "scrolled", "pst-js-only",
    "swic-drawing", "swic-drawn",
}  # fmt: skip
# elements that scripts create (Vega's charts, Pagefind's interface)
KEEP_TAGS = {"svg", "g", "path", "text", "rect", "line", "circle", "canvas", "mark", "img", "button", "input"}
ALWAYS = {"html", "body", "*", ""}
_DARK = re.compile(r"\[data-(?:theme|mode)=[\"']?(?:dark|auto)")
_FA_ONLY = re.compile(r"^\.(?:fa|fas|far|fab|fa-[\w-]+)(?:[:.][\w:()-]*)*$")


def _words(texts: list[str]) -> set[str]:
    words: set[str] = set()
    for t in texts:
        words.update(re.findall(r"[A-Za-z_][\w-]*", t))
    return words


def _tags(htmls: list[str]) -> set[str]:
    tags: set[str] = set()
    for h in htmls:
        tags.update(t.lower() for t in re.findall(r"<([a-zA-Z][\w-]*)", h))
    return tags


def _split_top(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside brackets, parentheses and strings."""
    parts, depth, quote, cur = [], 0, "", []
    for ch in text:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def parse(css: str) -> list:
    """CSS as a list of ``(prelude, body)``: body is a string (declarations) or a list (nested rules)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, i, n = [], 0, len(css)

    def block(start: int) -> tuple[str, int]:
        depth, j, quote = 0, start, ""
        while j < n:
            ch = css[j]
            if quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return css[start + 1 : j], j + 1
            j += 1
        return css[start + 1 :], n

    while i < n:
        j = i
        quote = ""
        while j < n:
            ch = css[j]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch in "{;":
                break
            j += 1
        prelude = css[i:j].strip()
        if j >= n:
            break
        if css[j] == ";":  # @charset, @import
            out.append((prelude, None))
            i = j + 1
            continue
        body, i = block(j)
        nested = prelude.startswith("@") and prelude.split()[0] in (
            "@media",
            "@supports",
            "@layer",
            "@container",
        )
        out.append((prelude, parse(body) if nested else body.strip()))
    return out


def _selector_can_match(sel: str, words: set[str], tags: set[str]) -> bool:
    if _DARK.search(sel):
        return False
    if _FA_ONLY.match(sel.strip()):
        return False
    s = re.sub(r":(?:not|where|is|has)\((?:[^()]|\([^()]*\))*\)", "", sel)  # may match without them
    s = re.sub(r"::?[\w-]+(?:\((?:[^()]|\([^()]*\))*\))?", "", s)  # pseudo-classes and -elements
    for attr in re.findall(r"\[([^\]]+)\]", s):
        name = re.split(r"[~|^$*]?=", attr)[0].strip()
        if name not in words:
            return False
    s = re.sub(r"\[[^\]]*\]", "", s)
    for cls in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", s):
        if cls not in words and cls not in KEEP:
            return False
    for ident in re.findall(r"#(-?[_a-zA-Z][\w-]*)", s):
        if ident not in words:
            return False
    for tag in re.findall(r"(?:^|[\s>+~(])([a-zA-Z][\w-]*)", re.sub(r"[.#][\w-]+", "", s)):
        tag = tag.lower()
        if tag not in tags and tag not in KEEP_TAGS and tag not in ALWAYS:
            return False
    return True


def purge(rules: list, words: set[str], tags: set[str], in_print: bool = False) -> list:
    out = []
    for prelude, body in rules:
        if body is None:
            continue  # @charset and @import (resolved before)
        if isinstance(body, list):
            if re.search(r"prefers-color-scheme:\s*dark", prelude):
                continue
            printing = in_print or bool(re.match(r"@media\s+print", prelude))
            kept = purge(body, words, tags, printing)
            if kept:
                out.append((prelude, kept))
            continue
        if prelude.startswith("@font-face"):
            if "Font Awesome" in body or "swic-icons" in body:
                continue
            out.append((prelude, body))
            continue
        if prelude.startswith("@"):
            out.append((prelude, body))  # @keyframes, @page, @property
            continue
        sels = [s.strip() for s in _split_top(prelude, ",")]
        kept = [s for s in sels if _selector_can_match(s, words, tags)]
        if kept:
            out.append((",".join(kept), body))
    return out


def _drop_unused_properties(rules: list) -> list:
    """Custom properties (``--pst-…``, ``--bs-…``) that no kept rule reads."""

    def bodies(rs):
        for p, b in rs:
            if isinstance(b, list):
                yield from bodies(b)
            elif b is not None:
                yield p, b

    used: set[str] = set()
    while True:
        before = len(used)
        for _, body in bodies(rules):
            for decl in _split_top(body, ";"):
                name = decl.split(":", 1)[0].strip()
                if name.startswith("--") and name not in used:
                    continue
                used.update(re.findall(r"var\(\s*(--[\w-]+)", decl))
        if len(used) == before:
            break

    def clean(rs):
        out = []
        for p, b in rs:
            if isinstance(b, list):
                kept = clean(b)
                if kept:
                    out.append((p, kept))
                continue
            decls = [
                d
                for d in _split_top(b, ";")
                if d.strip() and not (d.strip().startswith("--") and d.split(":", 1)[0].strip() not in used)
            ]
            if decls:
                out.append((p, ";".join(d.strip() for d in decls)))
        return out

    return clean(rules)


def serialize(rules: list) -> str:
    out = []
    for prelude, body in rules:
        if isinstance(body, list):
            out.append(f"{prelude}{{{serialize(body)}}}")
        else:
            out.append(f"{prelude}{{{body}}}")
    return "\n".join(out)


def _load(path: Path, static: Path) -> str:
    """A stylesheet with its ``@import`` inlined and its ``url()`` made relative to ``_static``."""
    css = path.read_text(encoding="utf-8")

    def imp(m: re.Match) -> str:
        return _load((path.parent / m[1]).resolve(), static)

    css = re.sub(r'@import\s+(?:url\()?["\']([^"\']+)["\']\)?\s*;', imp, css)

    def url(m: re.Match) -> str:
        ref = m[2]
        if ref.startswith(("data:", "http:", "https:", "#", "/")):
            return m[0]
        target = (path.parent / ref).resolve()
        try:
            return f"url({m[1]}{target.relative_to(static.resolve()).as_posix()}{m[1]})"
        except ValueError:
            return m[0]

    return re.sub(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)", url, css)


def font_css(static: Path) -> str:
    """The site's font (:mod:`swic.fonts`): its WOFF2 files and licence written to ``_static/fonts``, the
    ``@font-face`` rules, and the theme's font variables pointing at it."""
    rules = fonts.write_webfonts(static / fonts.FONT_DIR)
    stack = fonts.STACK
    return (
        rules
        + f":root{{--pst-font-family-base:{stack};--pst-font-family-heading:{stack};--bs-font-sans-serif:{stack}}}\n"
    )


def build_stylesheet(site: Path, pages: list[Path]) -> tuple[str, str, list[str]]:
    """The site's one stylesheet: (file name under _static, CSS, hrefs it replaces)."""
    static = site / STATIC
    first = pages[0].read_text(encoding="utf-8")
    head = first[: first.find("</head>")]
    hrefs = [a or b for a, b in _LINK.findall(head)]
    hrefs = [h for h in hrefs if "/pagefind/" not in h]
    css = []
    for href in hrefs:
        f = (pages[0].parent / href.split("?")[0]).resolve()
        css.append(_load(f, static))
    css.append(font_css(static))
    css.append(_load(OWN_CSS, OWN_CSS.parent))
    htmls = [p.read_text(encoding="utf-8") for p in pages]
    scripts = [
        f.read_text(encoding="utf-8", errors="replace")
        for f in [*static.glob("*.js"), *static.glob("scripts/*.js"), *(site / "assets").glob("*.js")]
        if f.name not in ("bootstrap.js", "fontawesome.js") and not f.name.endswith(".min.js")
    ]
    words, tags = _words(htmls + scripts), _tags(htmls)
    rules = purge(parse("\n".join(css)), words, tags)
    rules = _drop_unused_properties(rules)
    text = serialize(rules) + "\n"
    name = f"swic-site.{hashlib.sha256(text.encode()).hexdigest()[:10]}.css"
    return name, text, hrefs


def apply(site: Path) -> dict:
    """Slim every page of the built site; returns what it did (for the build's log)."""
    site = Path(site)
    pages = [
        p
        for p in sorted(site.rglob("*.html"))
        if not {"_static", "pagefind", "assets", "figuren", "data"} & set(p.relative_to(site).parts)
        and "<head>" in p.read_text(encoding="utf-8")
    ]
    if not pages:
        return {}
    if any(f"{STATIC}/swic-site." in p.read_text(encoding="utf-8") for p in pages[:1]):
        return {}  # slimmed already
    first = next((p for p in pages if p.name == "index.html" and p.parent.name == "pages"), pages[0])
    pages.remove(first)
    pages.insert(0, first)
    name, text, hrefs = build_stylesheet(site, pages)
    for old in (site / STATIC).glob("swic-site.*.css"):  # a stylesheet of an earlier build: not this site's
        if old.name != name:
            old.unlink()
    (site / STATIC / name).write_text(text, encoding="utf-8")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = "../" * (len(page.relative_to(site).parts) - 1)
        html = textscan.remove_all(_LINK, html, keep=lambda m: "/pagefind/" in (m[1] or m[2] or ""))
        link = f'<link rel="stylesheet" href="{rel}{STATIC}/{name}" />' + fonts.preload_links(
            f"{rel}{STATIC}/"
        )
        html = html.replace("</title>", "</title>\n    " + link, 1)
        html = slim_scripts(inline_icons(html))
        page.write_text(html, encoding="utf-8")
    before = sum(len((first.parent / h.split("?")[0]).read_bytes()) for h in hrefs)
    return {"stylesheet": name, "bytes": len(text.encode()), "replaced": len(hrefs), "before": before}
