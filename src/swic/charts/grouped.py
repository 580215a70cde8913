"""Grouped bars: editions side by side (2020 and 2024), or answers that must not be stacked."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from swic import text as nl
from swic import theme as th
from swic.charts import honest
from swic.charts.common import (
    CONTAINER,
    LINE,
    NARROW_WRAP,
    NOT_COMPARABLE_MARK,
    WIDE_WRAP,
    WRAP,
    WRAPPED_AXIS,
    bound_style,
    legend_for,
    legend_labels,
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


def _grouped(
    d: pd.DataFrame,
    by: str,
    order: list[str],
    series: list[str],
    colors: list[str],
    unit: str,
    *,
    narrow: bool,
    legend_title: str | None,
):
    wrap = NARROW_WRAP if narrow else WIDE_WRAP
    d = d.copy()
    d["ylab"] = d[by].map(lambda t: wrap_label(t, wrap))
    labels = legend_labels(series, narrow)
    d["reeks_label"] = d["reeks"].map(labels)
    lines = max(line_count(x) for x in d["ylab"])
    sort = [wrap_label(o, wrap) for o in order]
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    domain_max = room(top, list(d["label"]), 260 if narrow else 380)
    tooltip = [
        alt.Tooltip(f"{by}:N", title="Onderdeel"),
        alt.Tooltip("reeks:N", title="Reeks"),
        alt.Tooltip("waarde:N", title="Waarde"),
        alt.Tooltip("gelezen:N", title="Gelezen uit"),
    ]
    domain = [labels[s] for s in series]
    color = alt.Color(
        "reeks_label:N",
        title=legend_title,
        sort=domain,
        scale=alt.Scale(domain=domain, range=colors),
        legend=legend_for(series, narrow),
    )
    bar_h = 14 if narrow else 16
    group_h = bar_h * len(series) + 4
    if not narrow:
        step = max(group_h + 8, LINE * lines + 9)
        data = typed_columns(
            d, [by, "ylab", "reeks", "reeks_label", "share", "pos", "label", "gelezen", "waarde", "grens"]
        )
        base = alt.Chart(data).encode(
            y=alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS)),
            yOffset=alt.YOffset("reeks_label:N", sort=domain, scale=alt.Scale(paddingInner=0.1)),
            tooltip=tooltip,
        )
        bars = base.mark_bar().encode(
            x=value_axis(unit, "share", title=None, domain_max=domain_max), color=color, **bound_style()
        )
        text = base.mark_text(align="left", dx=4).encode(
            x=value_axis(unit, "pos", title=None, domain_max=domain_max), text=alt.Text("label:N")
        )
        return bars + text, step
    name_h = LINE * lines + 6
    step = name_h + group_h + 8
    index = {sr: k for k, sr in enumerate(domain)}
    d["off"] = [
        3 + LINE * line_count(y_) + 6 + bar_h * index[r_] + bar_h / 2
        for y_, r_ in zip(d["ylab"], d["reeks_label"], strict=True)
    ]
    data = typed_columns(
        d, [by, "ylab", "reeks", "reeks_label", "share", "pos", "label", "gelezen", "waarde", "grens", "off"]
    )
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    names = (
        alt.Chart(d[[by, "ylab"]].drop_duplicates(by))
        .mark_text(align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("ylab:N"))
    )
    off = alt.YOffset("off:Q", scale=None)
    base = alt.Chart(data).encode(y=y, tooltip=tooltip, yOffset=off)
    bars = base.mark_bar(size=bar_h - 2).encode(
        x=value_axis(unit, "share", title=None, domain_max=domain_max, ticks=3), color=color, **bound_style()
    )
    text = base.mark_text(align="left", dx=4, baseline="middle").encode(
        x=value_axis(unit, "pos", title=None, domain_max=domain_max, ticks=3), text=alt.Text("label:N")
    )
    return names + bars + text, step


def comparison_bar(
    df: pd.DataFrame,
    title: str,
    description: str | None = None,
    *,
    by: str = "category",
    years: tuple[int, int] | None = None,
    series: str | None = None,
    caution: str | None = (
        "Let op: de groepen deelnemers van beide raadplegingen verschillen; "
        "verschillen zijn aanwijzingen, geen gemeten trends."
    ),
    legend_title: str | None = None,
    comparability: dict[str, tuple[str, str]] | None = None,
) -> Figure:
    """Grouped bars comparing editions (e.g. 2020 and 2024) per category or item.

    ``series`` names a column that labels the bars of a group (default: the fieldwork year).
    ``comparability`` maps an item to (verdict, reason) from ``vergelijkbaarheid.csv``: an item whose
    question or group differs is marked in its label, and the reason is given in a note.
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    require_values(df, title)
    unit = one_unit(df)
    d = prepare(df)
    if years is not None:
        d = d[d["year"].isin(years)]
    d["reeks"] = d[series].astype(str) if series else d["year"].astype(int).astype(str)
    # a comparison is drawn only for what both series have: a bar without its partner compares nothing
    both = d[d["value"].notna()].groupby(by)["reeks"].nunique()
    alone = [x for x in dict.fromkeys(d[by]) if both.get(x, 0) < 2] if d["reeks"].nunique() > 1 else []
    d = d[~d[by].isin(alone)]
    if d.empty:
        raise ValueError(f"{title!r}: no item has a value in every series; nothing to compare")
    notes: list[str] = []
    comparability = comparability or {}
    marked = {}
    reasons: dict[str, list[str]] = {}  # one note per reason, naming every item it applies to
    for item in dict.fromkeys(d[by]):
        verdict, reason = comparability.get(item, ("", ""))
        if verdict in NOT_COMPARABLE_MARK:
            marked[item] = f"{item} ({NOT_COMPARABLE_MARK[verdict]})"
            reasons.setdefault(reason, []).append(item)
    for reason, items in reasons.items():
        notes.append(f"{nl.join(items)}: niet goed vergelijkbaar. {reason}")
    if marked:
        d[by] = d[by].map(lambda x: marked.get(x, x))
    order = list(dict.fromkeys(d[by]))
    yrs = (
        sorted(d["reeks"].unique())
        if not series
        else list(dict.fromkeys(d.sort_values("year", kind="stable")["reeks"]))
    )
    colors = [th.YEAR_COLORS.get(y, c) for y, c in zip(yrs, th.CATEGORICAL, strict=False)]
    if series:  # series named after a year ('... veldwerk 2020') take that year's colour
        colors = [_year_color(y, c) for y, c in zip(yrs, colors, strict=True)]
    if description is None:
        description = (
            f"Staafdiagram dat {' en '.join(yrs)} vergelijkt: {sentence(title)} "
            "De cijfers staan in de tabel onder de grafiek."
        )
    lt = legend_title if legend_title is not None else (None if series else "Jaar veldwerk")
    wide, wstep = _grouped(d, by, order, yrs, colors, unit, narrow=False, legend_title=lt)
    narrow, nstep = _grouped(d, by, order, yrs, colors, unit, narrow=True, legend_title=lt)
    props = dict(title=title, width=CONTAINER, description=description)
    table = d.pivot_table(index=by, columns="reeks", values="value", aggfunc="first", sort=False)
    table = table.reindex(index=order, columns=yrs).reset_index().rename(columns={by: "Onderdeel"})
    if alone:
        notes.append(f"Alleen in één meting, en daarom niet in de grafiek: {nl.join(alone)}.")
    view, about = honest.notes(df[~df[by].isin(alone)] if by in df else df, [caution] if caution else [])
    notes = view + notes
    return two_layouts((wide, narrow), (wstep, nstep), props, df, (title, description), table, notes, about)


def _year_color(label: str, default: str) -> str:
    m = re.fullmatch(r"(?:Raadpleging, veldwerk )?(20\d\d)", str(label))
    return th.YEAR_COLORS.get(m[1], default) if m else default


def grouped_bar(df: pd.DataFrame, title: str, description: str | None = None) -> Figure:
    """Separate bars per statement and answer, for answers that must not be stacked (several answers
    allowed, or categories that overlap): each statement is a group, each answer a bar in its colour."""
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    require_values(df, title)
    unit = one_unit(df)
    if honest.too_sparse(df):
        return honest.sparse_figure(df, title, description)
    d = prepare(df)
    d["item"] = d["item"].where(d["item"] != "", d["question"])
    cats = th.natural_order(list(d["category"]))
    d["reeks"] = d["category"]
    items = list(dict.fromkeys(d["item"]))
    if description is None:
        description = (
            f"Staafdiagram met per onderdeel een staaf per antwoord: {sentence(title)} "
            "De cijfers staan in de tabel onder de grafiek."
        )
    colors = th.colors_for(cats)
    wide, wstep = _grouped(d, "item", items, cats, colors, unit, narrow=False, legend_title=None)
    narrow, nstep = _grouped(d, "item", items, cats, colors, unit, narrow=True, legend_title=None)
    props = dict(title=title, width=CONTAINER, description=description)
    table = d.pivot_table(index="item", columns="category", values="value", aggfunc="first", sort=False)
    table = table.reindex(index=items, columns=cats).reset_index().rename(columns={"item": "Onderdeel"})
    extra = []
    if not (df["answer_type"] == "multiple").any():
        extra.append("De antwoorden per onderdeel tellen niet op tot 100%: daarom staan ze naast elkaar.")
    notes, about = honest.notes(df, extra)
    return two_layouts((wide, narrow), (wstep, nstep), props, df, (title, description), table, notes, about)
