"""A figure: one chart in two layouts with its caption, text alternative, source, notes, data table and
downloads, and the markup a page shows for it.

The interactive chart in the page is the chart's spec compiled to Vega at build time (:mod:`swic.render`),
so the browser needs only Vega; the static picture under it is the same spec drawn as SVG, shown without
JavaScript and in print. During a build, showing a figure writes its files (:mod:`swic.downloads`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from swic import cite, downloads, known_issues, locators, markup, render, runtime
from swic.charts.common import meta, source_ids

NARROW_BELOW = 560  # px of chart width: below this the phone layout is used


@dataclass
class Figure:
    """A chart (two layouts) with its caption, text alternative, data table, notes and downloads."""

    chart: alt.TopLevelMixin | None
    title: str
    description: str
    data: pd.DataFrame
    source: str = ""
    locator: str = ""
    n: str = ""
    notes: list[str] = field(default_factory=list)
    narrow: alt.TopLevelMixin | None = None
    narrow_html: str | None = None  # an HTML alternative to the chart on narrow screens (heatmaps)
    sources: list[str] = field(default_factory=list)  # source ids, for the citation
    about: list[str] = field(default_factory=list)  # how the numbers were read: in 'Over deze cijfers'
    kind: str = "chart"  # chart | table (mostly unknown: the known values) | keyfigure (one value)
    keyfigure: tuple[str, str] | None = None  # (value text, what it is) for kind keyfigure

    def __post_init__(self):
        # anchored on the first locator: a chart combining sources is found under its main figure
        self.anchor = runtime.anchor(
            "fig-" + locators.slug(self.locator.split(", ")[0] if self.locator else self.title)
        )

    @property
    def stem(self) -> str:
        """File name of the figure's downloads: 'figuur-9-1' for the anchor 'fig-figuur-9-1'."""
        return self.anchor.removeprefix("fig-")

    def csv(self) -> str:
        """The figure's numbers as an international CSV (comma, decimal point)."""
        return self.data.to_csv(index=False, lineterminator="\n")

    def with_about(self, *notes: str) -> Figure:
        """The figure with more notes under 'Over deze cijfers' (closed): where the report gives another
        number for the same thing elsewhere, say so here, not in view. A note may end with
        ``known-issue:<id>``: it links to that row of the list of inconsistencies."""
        notes = [n for n in notes if n]
        said = {t for n in notes for t in known_issues.tags(n)}  # the bare tag of the same issue says less
        self.about = [a for a in self.about if a not in {f"known-issue:{t}" for t in said}] + notes
        return self

    def _repr_html_(self) -> str:
        return figure_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return figure_mimebundle(self)


def two_layouts(
    charts: tuple,
    steps: tuple[float, float],
    props: dict,
    df: pd.DataFrame,
    caption: tuple[str, str],
    table: pd.DataFrame,
    notes: list[str],
    about: list[str],
) -> Figure:
    """A bar chart's figure: the (wide, narrow) layouts, each with its own bar step and the same properties
    (width, title ...); the (title, description); source, locator, n and citation from the rows ``df``."""
    source, locator, n_text = meta(df)
    return Figure(
        charts[0].properties(height={"step": steps[0]}, **props),
        *caption,
        table,
        source,
        locator,
        n_text,
        notes,
        narrow=charts[1].properties(height={"step": steps[1]}, **props),
        sources=source_ids(df),
        about=about,
    )


def _note_html(note: str, cls: str = "swic-note") -> str:
    m = known_issues.TAG.fullmatch(note)
    if m:
        return (
            f'<p class="{cls}">Het rapport spreekt zichzelf hier tegen: '
            f'<a class="swic-known-issue" href="{known_issues.href(m[1])}">zie de lijst met inconsistenties</a>.</p>'
        )
    m = re.fullmatch(r"(.*?)\s*" + known_issues.TAG.pattern, note, re.S)
    if m:  # a sentence about another number in the report, with the link to its known issue
        link = known_issues.link(m[2], "zie de lijst met inconsistenties")
        return f'<p class="{cls}">{html.escape(m[1])} Het rapport spreekt zichzelf hier tegen; {link}.</p>'
    return f'<p class="{cls}">{html.escape(note)}</p>'


def _chart_markup(fig: Figure, page: str | None, wide_vg: dict, narrow_vg: dict | None) -> list[str]:
    """The chart's container: the static picture (or a notice) and the specs the site's script draws."""
    cid = runtime.chart_id(json.dumps(wide_vg, sort_keys=True))
    attrs = (
        f'class="swic-chart{" swic-wide-only" if fig.narrow_html else ""}" id="{cid}" data-spec="{cid}-spec"'
    )
    if narrow_vg is not None:
        attrs += f' data-spec-narrow="{cid}-narrow" data-narrow-below="{NARROW_BELOW}"'
    alt_text = html.escape(fig.description, quote=True)
    if page:
        u = downloads.urls(fig, page)
        source = (
            f'<source media="(max-width: {NARROW_BELOW + 40}px)" srcset="../{u["svg_narrow"]}">'
            if narrow_vg is not None
            else ""
        )
        static = (
            f'<picture class="swic-static">{source}'
            f'<img src="../{u["svg"]}" alt="{alt_text}" loading="lazy" decoding="async"></picture>'
        )
    else:
        static = "<noscript>De grafiek staat als tabel onder deze figuur.</noscript>"
    parts = [f"<div {attrs}>{static}</div>", markup.json_script(f"{cid}-spec", wide_vg)]
    if narrow_vg is not None:
        parts.append(markup.json_script(f"{cid}-narrow", narrow_vg))
    return parts


def _link(href: str, label: str, cls: str = "") -> str:
    name = href.rsplit("/", 1)[-1]
    c = f' class="{cls}"' if cls else ""
    return f'<a{c} href="../{href}" download="{name}">{label}</a>'


def _share(fig: Figure, page: str, has_chart: bool) -> str:
    """The ways to take a figure along, behind one summary: pictures, data, a link, a citation (titles in
    italics) and the citation as RIS and BibTeX for Zotero and EndNote."""
    u = downloads.urls(fig, page)
    citation = cite.figure_citation(
        fig.sources,
        fig.locator,
        fig.title,
        page,
        fig.anchor,
        markup="html",
        accessed='<span class="swic-today">[datum]</span>',
    )
    items = []
    if has_chart:
        items.append(
            _link(u["png"], "Afbeelding (PNG)") + " " + _link(u["svg_download"], "(SVG)", "swic-secondary")
        )
    items += [
        _link(u["xlsx"], "Cijfers (Excel)"),
        _link(u["csv"], "Cijfers (CSV)") + " " + _link(u["csv_int"], "(internationaal)", "swic-secondary"),
        _link(u["ris"], "Bronvermelding (RIS, voor Zotero en EndNote)")
        + " "
        + _link(u["bib"], "(BibTeX)", "swic-secondary"),
        f'<a class="swic-permalink" href="#{fig.anchor}">Link naar deze figuur</a>',
    ]
    lis = "".join(f"<li>{i}</li>" for i in items)
    return (
        '<details class="swic-share"><summary>Downloaden en citeren</summary>'
        f'<ul class="swic-actions" aria-label="Deze figuur gebruiken">{lis}</ul>'
        f'<p class="swic-citation">{citation}</p>'
        '<button type="button" class="swic-copy">Kopieer de bronvermelding</button></details>'
    )


def unknown_values(fig: Figure) -> tuple[int, int]:
    """(unknown, all) values of what the figure draws: the empty cells of its table's number columns (the
    n and the year aside). Tests hold every chart to at most a third unknown."""
    cols = [
        c
        for c in fig.data.columns
        if c not in ("n", "Jaar", "Aantal deelnemers (n)") and pd.api.types.is_numeric_dtype(fig.data[c])
    ]
    if not cols:
        return 0, 0
    block = fig.data[cols]
    return int(block.isna().sum().sum()), int(block.size)


def figure_html(fig: Figure) -> str:
    """The figure's markup, findings first: the question as title, who answered, the chart (static image +
    interactive spec), a one-line source and at most one note; then, closed, 'Over deze cijfers', the
    numbers as a table, and the downloads with link and citation (three keyboard stops)."""
    page = runtime.page_id()
    wide_vg = render.compile_spec(render.spec(fig.chart)) if fig.chart is not None else None
    narrow_vg = render.compile_spec(render.spec(fig.narrow)) if fig.narrow is not None else None
    if page:
        downloads.write_figure(fig, page, wide_vg, narrow_vg)
    n = f' <span class="swic-n">({html.escape(fig.n)})</span>' if fig.n else ""
    unknown, total = unknown_values(fig)
    parts = [
        f'<figure class="swic-figure swic-kind-{fig.kind}" id="{fig.anchor}" data-unknown="{unknown}" '
        f'data-values="{total}">',
        f'<figcaption class="swic-caption">{html.escape(fig.title)}{n}</figcaption>',
    ]
    if wide_vg is not None:
        parts += _chart_markup(fig, page, wide_vg, narrow_vg)
    if fig.kind == "list" and fig.narrow_html:
        parts.append(fig.narrow_html)
    elif fig.narrow_html:
        parts.append(f'<div class="swic-narrow-only">{fig.narrow_html}</div>')
    if fig.kind == "keyfigure" and fig.keyfigure:
        parts.append(markup.keyfigures([fig.keyfigure]))
    elif fig.kind == "table":
        parts.append(markup.table(fig.data, fig.title))
    source = ""
    if fig.source:
        source = (
            "Bron: "
            + html.escape(fig.source)
            + (f", {html.escape(locators.for_readers(fig.locator))}" if fig.locator else "")
        )
    view = fig.notes[:1]
    about = fig.notes[1:] + fig.about
    parts.append(
        f'<div class="swic-figmeta"><p class="swic-source">{source}</p>'
        + "".join(_note_html(x) for x in view)
        + "</div>"
    )
    if about:
        parts.append(
            '<details class="swic-about"><summary>Over deze cijfers</summary>'
            + "".join(_note_html(x, "swic-about-note") for x in about)
            + "</details>"
        )
    if fig.kind == "chart":
        parts.append(
            '<details class="swic-data"><summary>Cijfers als tabel</summary>'
            f"{markup.table(fig.data, fig.title)}</details>"
        )
    if page:
        parts.append(_share(fig, page, wide_vg is not None))
    parts.append("</figure>")
    return "\n".join(parts)


def figure_mimebundle(fig: Figure) -> dict:
    bundle = {"text/html": figure_html(fig), "text/plain": f"<Figuur: {fig.title}>"}
    if runtime.page_id() is None and fig.chart is not None:
        # a chapter opened by hand in JupyterLab: Lab draws Vega-Lite itself
        bundle["application/vnd.vegalite.v5+json"] = fig.chart.to_dict()
    return bundle
