"""Which figures of the raadpleging still miss values: the list a reader (or a contributor with the report
in hand) uses to see what is open and where.

A value is missing when its row is ``not-recoverable``: the text copy this site works from lost it; the
report itself shows it. Per chapter: every figure with missing values, how many of its values are missing,
and a link to where the site shows it.
"""

from __future__ import annotations

import html

import pandas as pd
import yaml

from swic import data, locators, paths, text


def missing(edition: int = 2025) -> pd.DataFrame:
    """One row per table or figure with missing values: chapter, locator, title, missing, total."""
    df = data.load_survey(edition)
    cov = data.load_resource(f"raadpleging-{edition}-coverage").set_index("locator")
    rows = []
    for (chapter, loc), grp in df.groupby(["chapter", "locator"], sort=False):
        gone = int((grp["quality"] == "not-recoverable").sum())
        if not gone:
            continue
        title = cov.loc[loc, "title"] if loc in cov.index else loc
        rows.append(
            {"chapter": int(chapter), "locator": loc, "title": title, "missing": gone, "total": len(grp)}
        )
    out = pd.DataFrame(rows, columns=["chapter", "locator", "title", "missing", "total"])
    order = {loc: i for i, loc in enumerate(cov.index)}
    out["order"] = out["locator"].map(lambda x: order.get(x, len(order)))
    return out.sort_values(["chapter", "order"], kind="stable").drop(columns="order").reset_index(drop=True)


def chapter_pages() -> dict[int, tuple[str, str]]:
    """Report chapter -> (page id, page title) of the site's page about it."""
    out = {}
    doc = yaml.safe_load((paths.root() / "pages.yml").read_text(encoding="utf-8")) or {}
    for p in doc.get("pages", []):
        params = p.get("parameters") or {}
        if params.get("chapter") is not None and "topic" not in params:
            out.setdefault(int(params["chapter"]), (p["id"], p["title"]))
    return out


def summary(edition: int = 2025) -> tuple[int, int, int]:
    """(missing values, figures with missing values, chapters with missing values)."""
    m = missing(edition)
    return int(m["missing"].sum()), len(m), m["chapter"].nunique()


def listing_html(edition: int = 2025) -> str:
    """Per chapter, the figures with missing values, each with its count and a link to the site's page."""
    m = missing(edition)
    pages = chapter_pages()
    parts = []
    for chapter, grp in m.groupby("chapter", sort=False):
        page = pages.get(int(chapter))
        head = f"Hoofdstuk {chapter}" + (f": {page[1]}" if page else "")
        items = []
        for _, r in grp.iterrows():
            what = f"{r['locator']}" + (f", {r['title']}" if r["title"] != r["locator"] else "")
            count = f"{r['missing']} van de {text.count(r['total'], 'cijfer')} ontbreken"
            if page and locators.is_numbered(r["locator"]):
                href = f"{page[0]}.html#fig-{locators.slug(r['locator'])}"
                what = f'<a href="{html.escape(href)}">{html.escape(what)}</a>'
            else:
                what = html.escape(what)
            items.append(f"<li>{what}: {html.escape(count)}</li>")
        parts.append(f"<h3>{html.escape(head)}</h3><ul>{''.join(items)}</ul>")
    return "\n".join(parts)
