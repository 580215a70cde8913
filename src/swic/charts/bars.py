"""Bar charts of one series: a distribution, or the answers to a multiple-answer question."""

from __future__ import annotations

import altair as alt
import pandas as pd

from swic import theme as th
from swic.charts import honest
from swic.charts.common import (
    CONTAINER,
    LINE,
    NARROW_WRAP,
    WIDE_WRAP,
    WRAP,
    WRAPPED_AXIS,
    bound_style,
    figure_table,
    line_count,
    one_unit,
    prepare,
    require_values,
    room,
    sentence,
    typed_columns,
    value_axis,
    wrap_label,
)
from swic.charts.figure import Figure, two_layouts


def _bars(
    d: pd.DataFrame,
    by: str,
    order: list[str],
    unit: str,
    *,
    narrow: bool,
    title_axis: str | None = None,
    color: str = th.PRIMARY,
    tooltip_title: str = "Categorie",
):
    """Horizontal bars with value labels: label beside the bar (wide) or above it (narrow)."""
    wrap = NARROW_WRAP if narrow else WIDE_WRAP
    d = d.copy()
    d["ylab"] = d[by].map(lambda t: wrap_label(t, wrap))
    sort = [wrap_label(o, wrap) for o in order]
    lines = max(line_count(x) for x in d["ylab"])
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    domain_max = room(top, list(d["label"]), 260 if narrow else 380)
    tooltip = [
        alt.Tooltip(f"{by}:N", title=tooltip_title),
        alt.Tooltip("waarde:N", title="Waarde"),
        alt.Tooltip("gelezen:N", title="Gelezen uit"),
    ]
    data = typed_columns(d, [by, "ylab", "share", "pos", "label", "gelezen", "waarde", "grens"])
    if not narrow:
        step = max(24, LINE * lines + 9)
        base = alt.Chart(data).encode(
            y=alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS)), tooltip=tooltip
        )
        bars = base.mark_bar(color=color).encode(
            x=value_axis(unit, "share", title=title_axis, domain_max=domain_max), **bound_style()
        )
        labels = base.mark_text(align="left", dx=4).encode(
            x=value_axis(unit, "pos", title=title_axis, domain_max=domain_max), text=alt.Text("label:N")
        )
        return (bars + labels), step
    step = LINE * lines + 26
    d["off"] = [
        3 + LINE * line_count(x) + 4 + 6 for x in d["ylab"]
    ]  # from the top of the row: below its name
    data = typed_columns(d, [by, "ylab", "share", "pos", "label", "gelezen", "waarde", "grens", "off"])
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    names = base.mark_text(
        align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3
    ).encode(x=alt.XValue(0), text=alt.Text("ylab:N"))
    off = alt.YOffset("off:Q", scale=None)
    bars = base.mark_bar(color=color, size=12).encode(
        x=value_axis(unit, "share", title=title_axis, domain_max=domain_max, ticks=3),
        yOffset=off,
        **bound_style(),
    )
    labels = base.mark_text(align="left", dx=4, baseline="middle").encode(
        x=value_axis(unit, "pos", title=title_axis, domain_max=domain_max, ticks=3),
        text=alt.Text("label:N"),
        yOffset=off,
    )
    return (names + bars + labels), step


def distribution_bar(
    df: pd.DataFrame,
    title: str,
    description: str | None = None,
    *,
    sort: bool = True,
    by: str = "category",
    color: str = th.PRIMARY,
) -> Figure:
    """Horizontal bars, one per answer category (or item): a distribution or a multiple-answer question.

    ``sort`` orders bars by value (largest on top); otherwise answers on a known scale keep the scale's
    order and others the source's order (years of experience, age groups).
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    require_values(df, title)
    unit = one_unit(df)
    df = honest.resolve_subtotals(df)
    if honest.too_sparse(df):
        return honest.sparse_figure(df, title, description)
    if len(df) == 1:
        return honest.single_value_figure(df, title)
    nested = honest.nested_groups(list(df[by]))
    if nested:
        inner, outer = nested[0]
        return honest.table_figure(df, title, f"De groepen overlappen: '{inner}' valt binnen '{outer}'.")
    d = prepare(df)
    if sort:
        order = list(d.sort_values("value", ascending=False, kind="stable", na_position="last")[by])
    else:
        order = th.natural_order(list(d[by]))
    if description is None:
        readable = d[d["value"].notna()].sort_values("value", ascending=False)
        top = readable.iloc[0]
        description = (
            f"Staafdiagram: {sentence(title)} Grootste categorie: {top[by]} ({top['label']}). "
            f"{len(d)} staven; de cijfers staan in de tabel onder de grafiek."
        )
    kw = dict(title_axis=None, color=color, tooltip_title="Categorie" if by == "category" else "Onderdeel")
    wide, wstep = _bars(d, by, order, unit, narrow=False, **kw)
    narrow, nstep = _bars(d, by, order, unit, narrow=True, **kw)
    props = dict(title=title, width=CONTAINER, description=description)
    view, about = honest.notes(df)
    table = figure_table(
        df,
        {
            by: "Categorie" if by == "category" else "Onderdeel",
            "value": "Waarde",
            "n": "n",
            "quality": "Hoe gelezen",
        },
    )
    return two_layouts((wide, narrow), (wstep, nstep), props, df, (title, description), table, view, about)
