"""A figure: one chart in two layouts with its caption, text alternative, source, notes, data table and
downloads, and the markup a page shows for it.

The interactive chart in the page is the chart's spec compiled to Vega at build time (:mod:`swic.render`),
so the browser needs only Vega; the static picture under it is the same spec drawn as SVG, shown without
JavaScript and in print. During a build, showing a figure writes its files (:mod:`swic.downloads`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from swic import cite, downloads, known_issues, locators, markup, render, runtime

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

    def _repr_html_(self) -> str:
        return figure_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return figure_mimebundle(self)


def _note_html(note: str) -> str:
    m = known_issues.TAG.fullmatch(note)
    if m:
        return (
            '<p class="swic-note">Het rapport spreekt zichzelf hier tegen: '
            f'<a class="swic-known-issue" href="{known_issues.href(m[1])}">zie de lijst met inconsistenties</a>.</p>'
        )
    return f'<p class="swic-note">{html.escape(note)}</p>'


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


def _actions(fig: Figure, page: str, has_chart: bool) -> str:
    """The ways to take a figure along: pictures, data, a link and a citation."""
    u = downloads.urls(fig, page)
    citation = html.escape(cite.figure_citation(fig.sources, fig.locator, fig.title, page, fig.anchor))
    citation = citation.replace("[datum]", '<span class="swic-today">[datum]</span>')
    items = []
    if has_chart:
        items += [
            f'<a href="../{u["svg"]}" download="{fig.stem}.svg">Afbeelding (SVG)</a>',
            f'<a href="../{u["png"]}" download="{fig.stem}.png">Afbeelding (PNG)</a>',
        ]
    items += [
        f'<a href="../{u["xlsx"]}" download="{fig.stem}.xlsx">Gegevens (Excel)</a>',
        f'<a href="../{u["csv"]}" download="{fig.stem}.csv">Gegevens (CSV)</a>'
        f' <a class="swic-secondary" href="../{u["csv_int"]}" download="{fig.stem}-internationaal.csv">'
        "(internationaal)</a>",
        f'<a class="swic-permalink" href="#{fig.anchor}">Link naar deze figuur</a>',
        '<details class="swic-cite"><summary>Citeer</summary>'
        f'<p class="swic-citation">{citation}</p>'
        '<button type="button" class="swic-copy">Kopieer de bronvermelding</button></details>',
    ]
    lis = "".join(f"<li>{i}</li>" for i in items)
    return f'<ul class="swic-actions" aria-label="Deze figuur gebruiken">{lis}</ul>'


def figure_html(fig: Figure) -> str:
    """The figure's markup: caption, chart (static image + interactive spec), source, notes, the six
    ways to take it along, and the data table."""
    page = runtime.page_id()
    wide_vg = render.compile_spec(render.spec(fig.chart)) if fig.chart is not None else None
    narrow_vg = render.compile_spec(render.spec(fig.narrow)) if fig.narrow is not None else None
    if page:
        downloads.write_figure(fig, page, wide_vg, narrow_vg)
    parts = [
        f'<figure class="swic-figure" id="{fig.anchor}">',
        f'<figcaption class="swic-caption">{html.escape(fig.title)}</figcaption>',
    ]
    if wide_vg is not None:
        parts += _chart_markup(fig, page, wide_vg, narrow_vg)
    if fig.narrow_html:
        parts.append(f'<div class="swic-narrow-only">{fig.narrow_html}</div>')
    meta = []
    if fig.source:
        meta.append(
            f"Bron: {html.escape(fig.source)}" + (f", {html.escape(fig.locator)}" if fig.locator else "")
        )
    if fig.n:
        meta.append(html.escape(fig.n))
    notes = "".join(_note_html(n) for n in fig.notes)
    actions = _actions(fig, page, wide_vg is not None) if page else ""
    parts.append(
        f'<div class="swic-figmeta"><p class="swic-source">{". ".join(meta)}</p>{notes}{actions}</div>'
    )
    parts.append(
        '<details class="swic-data"><summary>Toon de cijfers als tabel</summary>'
        f"{markup.table(fig.data, fig.title)}</details>"
    )
    parts.append("</figure>")
    return "\n".join(parts)


def figure_mimebundle(fig: Figure) -> dict:
    bundle = {"text/html": figure_html(fig), "text/plain": f"<Figuur: {fig.title}>"}
    if runtime.page_id() is None and fig.chart is not None:
        # a chapter opened by hand in JupyterLab: Lab draws Vega-Lite itself
        bundle["application/vnd.vegalite.v5+json"] = fig.chart.to_dict()
    return bundle
