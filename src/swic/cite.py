"""Ready-made citations: for one figure (original publication first, then this site) and for the site.

Readers copy these into a memo or a slide. The original publication always comes first, with its
table or figure number, so that a figure is never passed off as this site's own research.
"""

from __future__ import annotations

import functools
import re

import yaml

from swic import fmt, paths, runtime, sources
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
    """A sentence end: a full stop, unless the text already ends in one (or in '?' or '!')."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _publication(source_id: str) -> str:
    snap = sources.snapshots().get(source_id)
    if snap is None:
        return source_id
    year = f" ({snap.year})" if snap.year else " (z.j.)"
    return f"{snap.publisher}{year}. {snap.title}"


def figure_citation(source_ids: list[str], locator: str, title: str, page_id: str | None, anchor: str) -> str:
    """'Movisie (2025). De Grote Raadpleging … , Figuur 9.1. Bewerkt in: Sociaal Werk in Cijfers, “…”,
    <url> (geraadpleegd op [datum]).' The site script fills in the date; without it the
    placeholder stays, to be completed by hand."""
    pubs = "; ".join(_publication(s) for s in source_ids) if source_ids else ""
    where = f", {locator}" if locator and len(source_ids) <= 1 else ""
    url = page_url(page_id, anchor) if page_id else ""
    site = f"Bewerkt in: {SITE_TITLE}, ‘{title}’"
    return f"{_end(pubs + where)} {site}" + (f", {url}" if url else "") + " (geraadpleegd op [datum])."


def site_citation(version: str, year: str) -> str:
    return f"{SITE_TITLE} ({year}). Versie {version}. {base_url()}"


def version() -> tuple[str, str]:
    """(version, date of the last commit): see :mod:`swic.version`. A page that calls this while it is
    executed gets the version as an input of its cache entry, so it is executed again when it changes."""
    runtime.record_input(runtime.VERSION_INPUT)
    return _version.describe()


def colophon_values(today: str) -> dict[str, str]:
    """What the colophon page shows (MyST substitutions, filled in when the book is built)."""
    desc, date = version()
    year = date[:4] if date else today[:4]
    return {
        "swic_version": desc,
        "swic_version_date": fmt.date(date, "onbekend"),
        "swic_build_date": fmt.date(today, "onbekend"),
        "swic_repository": repository_url(),
        "swic_citation": site_citation(desc, year),
    }
