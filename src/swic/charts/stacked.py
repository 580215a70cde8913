"""Stacked 100% bars: the answers to statements on one scale, each answer in its site-wide colour."""

from __future__ import annotations

import altair as alt
import pandas as pd

from swic import contract
from swic import text as nl
from swic import theme as th
from swic.charts import honest
from swic.charts.common import (
    CONTAINER,
    LINE,
    NARROW_WRAP,
    UNREADABLE,
    WIDE_WRAP,
    WRAP,
    WRAPPED_AXIS,
    legend_for,
    legend_labels,
    line_count,
    one_unit,
    prepare,
    require_values,
    sentence,
    typed_columns,
    wrap_label,
)
from swic.charts.figure import Figure, two_layouts


def likert_bar(
    df: pd.DataFrame,
    title: str,
    description: str | None = None,
    *,
    neutral_tail: tuple[str, ...] = tuple(th.TAIL),
) -> Figure:
    """Stacked 100% bars, one per statement (item), answers in their natural order and site colours.

    Only for single-choice answers whose shares add up to 100 per statement (within rounding): anything
    else is drawn as separate bars by :func:`grouped_bar`. Each segment carries its value as a label
    (where it is wide enough) and in its tooltip and the table, so colour is never the only carrier of
    meaning. Unreadable segments are drawn as one outlined block marked '?', so that the readable
    segments keep their place on the bar instead of sliding towards 0%.
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    require_values(df, title)
    unit = one_unit(df)
    if unit != "percent":
        raise ValueError("likert_bar shows percentages")
    if not stackable(df):
        raise ValueError(
            f"{title!r}: these answers do not add up to 100 per statement (several answers, or overlapping "
            "categories); use grouped_bar"
        )
    if honest.too_sparse(df):
        return honest.sparse_figure(df, title, description)
    # a statement none of whose answers is known is no bar of question marks: it is named under the chart
    item_of = df["item"].where(df["item"] != "", df["question"])
    empty = [i for i, grp in df.groupby(item_of, sort=False) if grp["value"].isna().all()]
    df = df[~item_of.isin(empty)]
    d = prepare(df)
    d["item"] = d["item"].where(d["item"] != "", d["question"])
    cats = th.natural_order(list(d["category"]))
    colors = th.colors_for(cats)
    order_map = {c: i for i, c in enumerate(cats)}
    d["order"] = d["category"].map(order_map)
    d["text_color"] = d["category"].map(dict(zip(cats, [th.text_color(c) for c in colors], strict=True)))
    d["shown"] = d["share"].fillna(0)
    d["kleur"] = d["category"]
    unknown_any = False
    for _item, grp in d.groupby("item", sort=False):
        missing = grp.index[grp["share"].isna()]
        if len(missing) == 0:
            continue
        unknown_any = True
        rest = max(0.0, 1.0 - float(grp["share"].sum()))
        d.loc[missing, "kleur"] = UNREADABLE
        d.loc[missing, "shown"] = 0.0
        d.loc[missing[0], "shown"] = rest
        d.loc[missing, "label"] = ""
        d.loc[missing[0], "label"] = "?"
        d.loc[missing, "text_color"] = "#1a1a1a"
    cats_shown = cats + ([UNREADABLE] if unknown_any else [])
    colors_shown = colors + (["#ffffff"] if unknown_any else [])
    items = list(dict.fromkeys(d["item"]))
    if description is None:
        description = (
            f"Gestapeld staafdiagram: {sentence(title)} {len(items)} stellingen, antwoorden van "
            f"'{cats[0]}' tot '{cats[-1]}'. De percentages staan in de tabel onder de grafiek."
        )
    props = dict(title=title, width=CONTAINER, description=description)
    wide, wstep = _stacked(d, items, cats_shown, colors_shown, narrow=False)
    narrow, nstep = _stacked(d, items, cats_shown, colors_shown, narrow=True)
    wide_t = d.pivot_table(index="item", columns="category", values="value", aggfunc="first", sort=False)
    wide_t = wide_t.reindex(index=items, columns=cats).reset_index().rename(columns={"item": "Stelling"})
    extra = (
        [
            "? Het gestippelde vak staat voor de antwoorden die in de tekstversie van het rapport ontbreken, "
            "samen (100% min de bekende delen); het rapport toont ze wel."
        ]
        if unknown_any
        else []
    )
    if empty:
        extra.insert(
            0,
            f"Niet in de grafiek: {nl.join(empty)}. De cijfers daarvan ontbreken in de tekstversie van het "
            "rapport waarmee deze site werkt; het rapport toont ze wel.",
        )
    view, about = honest.notes(df.assign(value=df["value"].fillna(0)) if unknown_any else df, extra)
    return two_layouts((wide, narrow), (wstep, nstep), props, df, (title, description), wide_t, view, about)


def stackable(df: pd.DataFrame) -> bool:
    """Can these rows be drawn as stacked 100% bars? Single answers only, and per statement the readable
    shares may not add up to more than 100 (within rounding)."""
    if not (df["answer_type"] == "single").all():
        return False
    for _, grp in df.groupby(["item", "year"], sort=False):
        total = grp["value"].sum(skipna=True)
        if total > 100 + contract.sum_tolerance(len(grp)):
            return False
    return True


def _stacked(d: pd.DataFrame, items: list[str], cats: list[str], colors: list[str], *, narrow: bool):
    top = max(1.0, float(d.groupby("item")["shown"].sum().max()))  # totals above 100% from rounding fit
    wrap = NARROW_WRAP if narrow else WIDE_WRAP
    d = d.copy()
    d["ylab"] = d["item"].map(lambda t: wrap_label(t, wrap))
    shown_labels = legend_labels(cats, narrow)
    d["kleur_label"] = d["kleur"].map(shown_labels)
    lines = max(line_count(x) for x in d["ylab"])
    sort = [wrap_label(i, wrap) for i in items]
    columns = ["item", "ylab", "category", "kleur", "kleur_label", "shown", "order", "label", "gelezen"]
    columns += ["waarde", "text_color"]
    if narrow:  # each bar below its statement's name
        d["off"] = [3 + LINE * line_count(x) + 4 + 10 for x in d["ylab"]]
        columns.append("off")
    data = typed_columns(d, columns)
    tooltip = [
        alt.Tooltip("item:N", title="Stelling"),
        alt.Tooltip("category:N", title="Antwoord"),
        alt.Tooltip("waarde:N", title="Waarde"),
        alt.Tooltip("gelezen:N", title="Gelezen uit"),
    ]
    x = alt.X(
        "shown:Q",
        stack="zero",
        title="Percentage",
        axis=alt.Axis(format=".0%", tickCount=3 if narrow else 5),
        scale=alt.Scale(domain=[0, top]),
    )
    domain = [shown_labels[c] for c in cats]
    color = alt.Color(
        "kleur_label:N",
        sort=domain,
        title=None,
        scale=alt.Scale(domain=domain, range=colors),
        legend=legend_for(cats, narrow),
    )
    # Conditions as channel objects: Altair resolves a plain condition dict by trying its schemas one by
    # one, which cost a quarter of a second per page (the spec is the same)
    unreadable = f"datum.kleur === '{UNREADABLE}'"
    stroke = dict(
        stroke=alt.StrokeValue(**alt.condition(unreadable, alt.value("#767676"), alt.value("transparent"))),
        strokeDash=alt.StrokeDashValue(**alt.condition(unreadable, alt.value([4, 3]), alt.value([1, 0]))),
    )
    text_if_room = alt.TextValue(
        **alt.condition("datum.shown * width >= 30", alt.Text("label:N"), alt.value(""))
    )

    def bars_and_labels(enc: dict, **mark):
        bars = alt.Chart(data).mark_bar(**mark).encode(x=x, color=color, **stroke, **enc)
        text = (
            alt.Chart(data)
            .mark_text(align="center", baseline="middle", fontSize=10)
            .encode(
                x=alt.X("shown:Q", stack="zero", bandPosition=0.5),
                text=text_if_room,
                color=alt.Color("text_color:N", scale=None, legend=None),
                **enc,
            )
        )
        return bars, text

    if not narrow:
        step = max(34, LINE * lines + 12)
        y = alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS))
        bars, text = bars_and_labels(dict(y=y, order=alt.Order("order:Q"), tooltip=tooltip))
        return (bars + text).resolve_scale(color="independent"), step
    step = LINE * lines + 34
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    names = (
        alt.Chart(d[["item", "ylab"]].drop_duplicates("item"))
        .mark_text(align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("ylab:N"))
    )
    off = alt.YOffset("off:Q", scale=None)
    bars, text = bars_and_labels(dict(y=y, order=alt.Order("order:Q"), tooltip=tooltip, yOffset=off), size=18)
    return (names + bars + text).resolve_scale(color="independent"), step
