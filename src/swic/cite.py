"""Ready-made citations: for one figure (original publication first, then this site) and for the site.

Readers copy these into a memo or a slide. The original publication always comes first, with its
table or figure number, so that a figure is never passed off as this site's own research.
"""

from __future__ import annotations

import functools
import html
import re

import yaml

from swic import fmt, locators, paths, runtime, sources
from swic import version as _version

SITE_TITLE = "Sociaal Werk in Cijfers"


@functools.cache
def config() -> dict:
    return yaml.safe_load((paths.root() / "_config.yml").read_text(encoding="utf-8")) or {}


def base_url() -> str:
    """The published site's address, ending in '/': html_baseurl in _config.yml, else derived from the
    repository (GitHub Pages: https://<owner>.github.io/<repo>/)."""
    cfg = config()
    url = (cfg.get("sphinx", {}).get("config", {}) or {}).get("html_baseurl")
    if not url:
        repo = (cfg.get("repository") or {}).get("url", "")
        m = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", repo)
        url = f"https://{m[1]}.github.io/{m[2]}/" if m else ""
    return url if not url or url.endswith("/") else url + "/"


def repository_url() -> str:
    return (config().get("repository") or {}).get("url", "")


def page_url(page_id: str, anchor: str = "") -> str:
    return f"{base_url()}pages/{page_id}.html" + (f"#{anchor}" if anchor else "")


def _end(text: str) -> str:
    """A sentence end: a full stop, unless the text already ends in one (or in '?' or '!'), markup aside."""
    text = text.rstrip()
    plain = re.sub(r"<[^>]+>|\*", "", text).rstrip()
    return text if plain.endswith((".", "?", "!")) else text + "."


# The site's version date is filled in when the book is put together (:func:`stamp`), not while a page is
# executed: a page that depended on the version would be executed again after every commit.
VERSION_TOKENS = {
    "[versiedatum]": lambda iso: fmt.date(iso, "onbekend"),  # '4 december 2026'
    "[versie-iso]": lambda iso: iso or "",  # '2026-12-04'
    "[versie-ris]": lambda iso: iso.replace("-", "/") if iso else "",  # '2026/12/04' (RIS)
    "[versie-jaar]": lambda iso: iso[:4] if iso else "z.j.",
}


def stamp(text: str, iso_date: str) -> str:
    """``text`` with the version tokens replaced by the version's date (ISO ``iso_date``)."""
    for token, value in VERSION_TOKENS.items():
        text = text.replace(token, value(iso_date))
    return text


def _italic(text: str, markup: str) -> str:
    if markup == "html":
        return f"<i>{html.escape(text)}</i>"
    if markup == "md":
        return f"*{text}*"
    return text


def _esc(text: str, markup: str) -> str:
    return html.escape(text) if markup == "html" else text


def _publication(source_id: str, markup: str = "text") -> str:
    """'Movisie (2025). *De Grote Raadpleging van het Sociaal Werk 2025*' (the title as a title)."""
    snap = sources.snapshots().get(source_id)
    if snap is None:
        return _esc(source_id, markup)
    year = f" ({snap.year})" if snap.year else " (z.j.)"
    return f"{_esc(snap.publisher, markup)}{year}. {_italic(snap.title, markup)}"


def figure_citation(
    source_ids: list[str],
    locator: str,
    title: str,
    page_id: str | None,
    anchor: str,
    *,
    markup: str = "text",
    accessed: str | None = None,
) -> str:
    """'Movisie (2025). *De Grote Raadpleging …*, Figuur 9.1. Bewerkt in: *Sociaal Werk in Cijfers* (versie
    van 4 december 2026), ‘…’, <url>.' The original publication comes first. ``markup`` 'html' sets the
    titles in italics (and escapes), 'md' in Markdown; ``accessed`` adds 'Geraadpleegd op …' (the page
    passes a placeholder its script fills in with today's date)."""
    locator = locators.for_readers(locator) if locator else locator
    pubs = "; ".join(_publication(s, markup) for s in source_ids) if source_ids else ""
    where = f", {_esc(locator, markup)}" if locator and len(source_ids) <= 1 else ""
    url = _esc(page_url(page_id, anchor), markup) if page_id else ""
    site = f"Bewerkt in: {_italic(SITE_TITLE, markup)} (versie van [versiedatum]), ‘{_esc(title, markup)}’"
    text = f"{_end(pubs + where)} {site}" + (f", {url}" if url else "") + "."
    return text + (f" Geraadpleegd op {accessed}." if accessed else "")


def site_citation(markup: str = "text") -> str:
    """'*Sociaal Werk in Cijfers* (versie van 4 december 2026). https://…/' (the version as a date)."""
    return f"{_italic(SITE_TITLE, markup)} (versie van [versiedatum]). {_esc(base_url(), markup)}"


def page_citation(page_id: str, title: str, markup: str = "text") -> str:
    """One page of the site: '‘Vitaliteit en werkplezier’. In: *Sociaal Werk in Cijfers* (versie van …). url'."""
    return (
        f"‘{_esc(title, markup)}’. In: {_italic(SITE_TITLE, markup)} (versie van [versiedatum]). "
        f"{_esc(page_url(page_id), markup)}"
    )


def version() -> tuple[str, str]:
    """(version, date of the last commit): see :mod:`swic.version`. A page that calls this while it is
    executed gets the version as an input of its cache entry, so it is executed again when it changes."""
    runtime.record_input(runtime.VERSION_INPUT)
    return _version.describe()


def colophon_values(today: str) -> dict[str, str]:
    """What the colophon page shows (MyST substitutions, filled in when the book is built)."""
    desc, date = version()
    return {
        "swic_version": f"{fmt.date(date, 'onbekend')} (code {desc})",
        "swic_version_date": fmt.date(date, "onbekend"),
        "swic_build_date": fmt.date(today, "onbekend"),
        "swic_repository": repository_url(),
        "swic_citation": stamp(site_citation("md"), date),
    }


# --------------------------------------------------------------------------- RIS and BibTeX

BIB_SPECIAL = re.compile(r"([&%$#_])")


def _ris(records: list[list[tuple[str, str]]]) -> str:
    """RIS (Zotero, EndNote, Mendeley): 'TAG  - value' lines, each record from TY to ER."""
    lines = []
    for rec in records:
        lines += [f"{tag}  - {value}" for tag, value in rec if value]
        lines.append("ER  - ")
        lines.append("")
    return "\r\n".join(lines)


def _bib_value(text: str) -> str:
    return BIB_SPECIAL.sub(r"\\\1", str(text)).replace("{", "(").replace("}", ")")


def _bibtex(entries: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    out = []
    for kind, key, fields in entries:
        body = ",\n".join(
            f"  {name} = {{{value}}}" if name in ("author", "url") else f"  {name} = {{{_bib_value(value)}}}"
            for name, value in fields
            if value
        )
        out.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(out)


def _publication_fields(source_id: str, locator: str) -> tuple[list[tuple[str, str]], tuple]:
    """A publication as an RIS record and a BibTeX entry (a report by its publisher)."""
    snap = sources.snapshots().get(source_id)
    title = snap.title if snap else source_id
    publisher = snap.publisher if snap else ""
    year = str(snap.year) if snap and snap.year else ""
    url = snap.url if snap else ""
    ris = [
        ("TY", "RPRT"),
        ("AU", publisher),
        ("PY", year),
        ("TI", title),
        ("PB", publisher),
        ("N1", locator),
        ("UR", url),
        ("LA", "nl"),
    ]
    bib = (
        "techreport",
        re.sub(r"[^a-z0-9]+", "-", f"{source_id}").strip("-"),
        [
            ("author", "{" + _bib_value(publisher) + "}"),
            ("title", title),
            ("institution", publisher),
            ("year", year),
            ("note", locator),
            ("url", url),
            ("language", "dutch"),
        ],
    )
    return ris, bib


def _site_record(title: str, url: str, note: str, key: str, container: bool) -> tuple[list, tuple]:
    ris = [
        ("TY", "ELEC"),
        ("AU", SITE_TITLE),
        ("TI", title),
        ("T2", SITE_TITLE if container else ""),
        ("PY", "[versie-jaar]"),
        ("DA", "[versie-ris]"),
        ("UR", url),
        ("N1", note),
        ("LA", "nl"),
    ]
    bib = (
        "misc",
        key,
        [
            ("author", "{" + SITE_TITLE + "}"),
            ("title", title),
            ("howpublished", SITE_TITLE if container else "Website"),
            ("year", "[versie-jaar]"),
            ("date", "[versie-iso]"),
            ("url", url),
            ("note", note),
            ("language", "dutch"),
        ],
    )
    return ris, bib


def figure_references(
    source_ids: list[str], locator: str, title: str, page_id: str, anchor: str
) -> tuple[str, str]:
    """(RIS, BibTeX) of a figure: first the original publication(s) with the figure's place in them, then
    the figure on this site (version date filled in by :func:`stamp`)."""
    locator = locators.for_readers(locator) if locator else locator
    where = locator if len(source_ids) <= 1 else ""
    pubs = [_publication_fields(s, where) for s in source_ids]
    origin = "; ".join(_publication(s) for s in source_ids)
    note = f"Bewerking van {origin}" + (f", {locator}" if where else "") + ". Versie van [versiedatum]."
    key = re.sub(r"[^a-z0-9]+", "-", f"swic-{page_id}-{anchor}".lower()).strip("-")
    site = _site_record(title, page_url(page_id, anchor), note, key, container=True)
    return _ris([p[0] for p in pubs] + [site[0]]), _bibtex([p[1] for p in pubs] + [site[1]])


def page_references(page_id: str, title: str, source_ids: list[str] = ()) -> tuple[str, str]:
    """(RIS, BibTeX) of a page of the site, followed by the publications it draws on."""
    note = "Versie van [versiedatum]."
    if source_ids:
        note = "Met cijfers uit: " + "; ".join(_publication(s) for s in source_ids) + ". " + note
    site = _site_record(title, page_url(page_id), note, f"swic-{page_id}", container=True)
    pubs = [_publication_fields(s, "") for s in source_ids]
    return _ris([site[0]] + [p[0] for p in pubs]), _bibtex([site[1]] + [p[1] for p in pubs])


def site_references() -> tuple[str, str]:
    """(RIS, BibTeX) of the whole site."""
    site = _site_record(SITE_TITLE, base_url(), "Versie van [versiedatum].", "sociaal-werk-in-cijfers", False)
    return _ris([site[0]]), _bibtex([site[1]])


def page_block(page_id: str, title: str, source_ids: list[str] = ()) -> str:
    """A small 'Deze pagina citeren' block for a page: the citation (titles in italics) and the page's
    RIS and BibTeX files, written while the page is executed. Call it from a chapter's last code cell
    (its HTML output is shown), e.g. ``HTML(cite.page_block(PAGE, "Vitaliteit en werkplezier",
    ["raadpleging-2025"]))``."""
    ris, bib = page_references(page_id, title, list(source_ids))
    name = f"downloads/citeren/sociaal-werk-in-cijfers-{page_id}"
    runtime.write_asset(f"{name}.ris", ris.encode("utf-8"))
    runtime.write_asset(f"{name}.bib", bib.encode("utf-8"))
    text = page_citation(page_id, title, "html")
    links = (
        f'<a href="../{name}.ris" download>RIS (Zotero, EndNote)</a> · '
        f'<a href="../{name}.bib" download>BibTeX</a>'
    )
    return (
        '<aside class="swic-cite-page" aria-label="Deze pagina citeren">'
        '<p class="swic-cite-page-title">Deze pagina citeren</p>'
        f'<p class="swic-citation">{text} Geraadpleegd op <span class="swic-today">[datum]</span>.</p>'
        f'<p class="swic-cite-files">Voor je literatuurbeheer: {links}</p></aside>'
    )


# --------------------------------------------------------------------------- the version date in files

STAMPED_SUFFIXES = (".ris", ".bib", ".ipynb", ".txt", ".xlsx")


def stamp_file(path, iso_date: str) -> bool:
    """Fill in the version date in one file; True if it changed. The file is replaced, never written into
    (it may be a hard link to a file a page wrote)."""
    import io
    import zipfile

    if path.suffix == ".xlsx":
        src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
        if not any("[versie" in src.read(i).decode("utf-8", "replace") for i in src.namelist()):
            return False
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                content = src.read(info)
                if info.filename.endswith(".xml"):
                    content = stamp(content.decode("utf-8"), iso_date).encode("utf-8")
                out.writestr(info, content)
        paths.replace_file(path, buf.getvalue())
        return True
    if path.suffix not in STAMPED_SUFFIXES or not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    new = stamp(text, iso_date)
    if new == text:
        return False
    paths.replace_file(path, new.encode("utf-8"))
    return True
