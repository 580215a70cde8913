"""Grids (a count per row and column, with a list for phones) and a timeline of events."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd

from swic import fmt
from swic import theme as th
from swic.charts.common import (
    CONTAINER,
    LINE,
    WRAP,
    WRAPPED_AXIS,
    line_count,
    wrap_label,
)
from swic.charts.figure import Figure


def heatmap(
    df: pd.DataFrame,
    title: str,
    description: str,
    *,
    x: str,
    y: str,
    value: str,
    x_title: str,
    y_title: str,
    x_order: list[str] | None = None,
    y_order: list[str] | None = None,
    value_title: str = "Aantal",
    x_angle: int = 0,
    source: str = "",
    locator: str = "",
    notes: list[str] | None = None,
    table: pd.DataFrame | None = None,
    x_labels: dict[str, str] | None = None,
) -> Figure:
    """A grid of cells (e.g. advies points × sector-plan actions) shaded by a count, each cell also
    carrying its number as text, so that colour is never the only carrier of meaning.

    On narrow screens the grid gives way to a list: per row, the columns it has and their counts.
    ``x_labels`` gives the full name of each column code (action codes with their titles), used in the
    tooltip and the list.
    """
    d = df.copy()
    x_labels = x_labels or {}
    if d[value].max() <= 1:  # only ones and zeros: a list says it plainly, a grid of ones does not
        listed = _heatmap_list(d, x, y, value, y_order, x_order, y_title, x_labels, with_counts=False)
        wide = table if table is not None else d.pivot_table(index=y, columns=x, values=value, fill_value=0)
        if table is None:
            wide = wide.reset_index()
        fig = Figure(None, title, description, wide, source, locator, "", notes or [], narrow_html=listed)
        fig.kind = "list"
        return fig
    d["tekst"] = d[value].map(lambda v: "" if v == 0 else fmt.number(v))
    d["xnaam"] = d[x].map(lambda c: x_labels.get(c, c))
    vertical = d[x].nunique() > 4  # many columns: labels stand vertical, so neighbours never touch
    xwrap = {
        c: wrap_label(c, 24, max_lines=2) if vertical else wrap_label(c, 11, max_lines=6)
        for c in dict.fromkeys(d[x])
    }
    d["xlab"] = d[x].map(xwrap)
    top = max(1, int(d[value].max()))
    d["ylab"] = d[y].map(lambda t: wrap_label(t, 28))
    # column labels stand upright and wrap: slanted labels of neighbouring columns run into each other
    x_sorted = [xwrap.get(c, c) for c in (x_order or list(dict.fromkeys(d[x])))]
    y_sorted = [wrap_label(t, 28) for t in (y_order or list(dict.fromkeys(d[y])))]
    shades = th.sequential(top + 1)
    d["tekstkleur"] = d[value].map(lambda v: th.text_color(shades[int(v)]))
    lines = max(line_count(t) for t in y_sorted)
    step = max(24, LINE * lines + 9)
    base = alt.Chart(d[[x, "xlab", y, "ylab", value, "tekst", "tekstkleur", "xnaam"]]).encode(
        x=alt.X(
            "xlab:N",
            sort=x_sorted,
            title=x_title,
            axis=alt.Axis(
                orient="top" if vertical else "bottom",
                labelOverlap=False,
                labelFontSize=11,
                **(
                    dict(
                        labelAngle=-90,
                        labelAlign="left",
                        labelBaseline="middle",
                        labelLimit=170,
                        labelExpr=f"split(datum.label, '{WRAP}')",
                        labelLineHeight=13,
                    )
                    if vertical
                    else dict(
                        labelAngle=0,
                        labelLimit=200,
                        labelExpr=f"split(datum.label, '{WRAP}')",
                        labelLineHeight=13,
                        labelBaseline="top",
                    )
                ),
            ),
        ),
        y=alt.Y("ylab:N", sort=y_sorted, title=None, axis=alt.Axis(**WRAPPED_AXIS)),
        tooltip=[
            alt.Tooltip(f"{y}:N", title=y_title),
            alt.Tooltip("xnaam:N", title=x_title),
            alt.Tooltip(f"{value}:Q", title=value_title),
        ],
    )
    rects = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color(
            f"{value}:O",
            title=value_title,
            scale=alt.Scale(domain=list(range(top + 1)), range=th.sequential(top + 1)),
            legend=None,  # every cell carries its number; the shade only repeats it
        )
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("tekst:N"),
        color=alt.Color("tekstkleur:N", scale=None, legend=None),  # black or white, by the cell's shade
    )
    chart = (rects + text).properties(
        title=title, width=CONTAINER, height={"step": step}, description=description
    )
    wide = table if table is not None else d.pivot_table(index=y, columns=x, values=value, fill_value=0)
    if table is None:
        wide = wide.reset_index()
    return Figure(
        chart,
        title,
        description,
        wide,
        source,
        locator,
        "",
        notes or [],
        narrow_html=_heatmap_list(d, x, y, value, y_order, x_order, y_title, x_labels),
    )


def _heatmap_list(d, x, y, value, y_order, x_order, y_title, x_labels, with_counts: bool = True) -> str:
    """The grid as a list, for narrow screens: each row with the columns it has."""
    rows_order = y_order or list(dict.fromkeys(d[y]))
    cols_order = x_order or list(dict.fromkeys(d[x]))
    items = []
    for r in rows_order:
        sub = d[(d[y] == r) & (d[value] > 0)]
        sub = sub.set_index(x).reindex([c for c in cols_order if c in set(sub[x])])
        if sub.empty:
            cells = "<li>geen</li>"
        else:
            cells = "".join(
                f"<li>{html.escape(x_labels.get(c, c))}"
                + (f": {fmt.number(v)}" if with_counts else "")
                + "</li>"
                for c, v in sub[value].items()
            )
        items.append(f"<li><strong>{html.escape(str(r))}</strong><ul>{cells}</ul></li>")
    return f'<ul class="swic-gridlist" aria-label="{html.escape(y_title)}">{"".join(items)}</ul>'


def timeline(
    df: pd.DataFrame,
    title: str,
    description: str,
    *,
    source: str = "",
    notes: list[str] | None = None,
) -> Figure:
    """Events on a time axis: one row per event (columns year, event, kind), as points with a tooltip
    in the chart and listed in full in the table."""
    d = df.copy().sort_values(["year", "event"], kind="stable").reset_index(drop=True)
    d["lane"] = d.groupby("year").cumcount()
    kinds = list(dict.fromkeys(d["kind"]))
    domain = [int(d["year"].min()) - 1, int(d["year"].max()) + 1]

    def build(narrow: bool):
        base = alt.Chart(d[["year", "event", "kind", "lane"]]).encode(
            x=alt.X(
                "year:Q",
                title="Jaar",
                axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True, tickCount=4 if narrow else 10),
                scale=alt.Scale(domain=domain, nice=False),
            ),
            y=alt.Y("lane:O", title=None, axis=None),
            tooltip=[
                alt.Tooltip("year:Q", title="Jaar", format="d"),
                alt.Tooltip("event:N", title="Gebeurtenis"),
            ],
        )
        points = base.mark_point(filled=True, size=60 if narrow else 90).encode(
            color=alt.Color(
                "kind:N",
                title="Soort",
                scale=alt.Scale(domain=kinds, range=th.CATEGORICAL[: len(kinds)]),
                legend=alt.Legend(columns=2 if narrow else 4),
            ),
            shape=alt.Shape("kind:N", title="Soort", scale=alt.Scale(domain=kinds)),
        )
        rules = (
            alt.Chart(d[["year"]].drop_duplicates())
            .mark_rule(color="#d0d0d0")
            .encode(x=alt.X("year:Q", scale=alt.Scale(domain=domain, nice=False)))
        )
        return (rules + points).properties(
            title=title,
            width=CONTAINER,
            height=max(80, (18 if narrow else 26) * (int(d["lane"].max()) + 1)),
            description=description,
        )

    table = d[["year", "event", "kind"]].rename(
        columns={"year": "Jaar", "event": "Gebeurtenis", "kind": "Soort"}
    )
    return Figure(build(False), title, description, table, source, "", "", notes or [], narrow=build(True))
