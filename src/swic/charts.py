"""Reusable chart builders. Chapters call these; they never write chart code themselves.

Every builder takes rows in the survey data contract (see ``data/schemas/survey.schema.json``) and
returns a :class:`Figure`: the chart plus what a reader needs around it — title, a text alternative,
the source and n, how the values were read, the numbers as an accessible table, and (through
:mod:`swic.export`) the chart as SVG and PNG and its data as Excel and CSV.

Each chart comes in two layouts from the same data and theme: ``wide`` for a page column, and
``narrow`` for phones (labels above their bars instead of beside them, one-column legends with wrapped
labels). Heatmaps get a list instead of a chart on narrow screens. The site script picks the layout by
the width the chart has, and lays it out again when that width changes.

Honest charts, built in here once:

* a value that is not recoverable shows "?" at its place and a note, never an empty slot that reads as 0;
* answer scales keep their natural order, and the same answer has the same colour on every page
  (:mod:`swic.theme`);
* what does not add up to 100 (several answers allowed, statements whose answers overlap) is never
  stacked: separate bars instead;
* a comparison with 2020 marks every item whose question or group differs (``vergelijkbaarheid.csv``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from swic import fmt
from swic import text as nl
from swic import theme as th

QUALITY_LABELS = {
    "table": "tabel",
    "chart-label": "grafieklabel",
    "derived": "afgeleid",
    "prose": "tekst",
    "not-recoverable": "niet leesbaar",
}
QUALITY_MARK = {"derived": "*", "not-recoverable": "?"}
SOURCE_SHORT = {
    "raadpleging-2025": "Movisie, Grote Raadpleging van het Sociaal Werk 2025",
    "sectorplan-hss-2023": "Sectorplan Hogere Sociale Studies (2023)",
    "advies-swn-2022": "Sociaal Werk Nederland, Advies aan de verkenningscommissie HSS (2022)",
    "jaarplan-swn-2018": "Sociaal Werk Nederland, Jaarplan 2018",
    "wat-is-sociaal-werk": "Sociaal Werk Nederland, Wat is sociaal werk",
}
UNIT_AXIS = {
    "percent": "Percentage",
    "count": "Aantal",
    "mean": "Gemiddelde",
    "median": "Mediaan",
    "hours": "Uren",
    "years": "Jaren",
    "score": "Score",
    "persons": "Aantal personen",
    "households": "Aantal huishoudens",
    "children": "Aantal kinderen",
    "jobs": "Aantal banen",
    "vacancies": "Aantal vacatures",
    "fte": "Fte",
    "euro": "Euro",
    "organisations": "Aantal organisaties",
}
UNREADABLE = "Waarde onbekend (?)"
NOT_COMPARABLE_MARK = {
    "question-differs": "vraag anders gesteld",
    "population-differs": "andere groep",
}


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "figuur"


_anchors_seen: dict[str, int] = {}


def reset_ids() -> None:
    """Forget the element ids handed out so far (ids are unique per notebook run)."""
    _anchors_seen.clear()
    th._ids_seen.clear()


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
        base = "fig-" + slug(self.locator.split(", ")[0] if self.locator else self.title)
        count = _anchors_seen.get(base, 0) + 1
        _anchors_seen[base] = count
        self.anchor = base if count == 1 else f"{base}-{count}"

    @property
    def stem(self) -> str:
        """File name of the figure's downloads: 'figuur-9-1' for the anchor 'fig-figuur-9-1'."""
        return self.anchor.removeprefix("fig-")

    def csv(self) -> str:
        """The figure's numbers as an international CSV (comma, decimal point)."""
        return self.data.to_csv(index=False, lineterminator="\n")

    def _repr_html_(self) -> str:
        from swic import export

        return export.figure_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from swic import export

        return export.figure_mimebundle(self)


# --------------------------------------------------------------------------- helpers


def html_table(df: pd.DataFrame, caption: str = "", row_ids: list[str] | None = None) -> str:
    """An accessible HTML table (caption, header cells with scope), numbers in Dutch format.

    ``row_ids`` gives each row an element id, so that other pages can link to one row.
    """
    cols = list(df.columns)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in cols)
    body = []
    for k, (_, r) in enumerate(df.iterrows()):
        cells = []
        for i, c in enumerate(cols):
            v = r[c]
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                v = "–"  # no value (a reader sees a dash, not 'n.b.' or an empty cell that reads as 0)
            elif isinstance(v, float):
                v = fmt.auto(v)
            tag, close = ('th scope="row"', "th") if i == 0 else ("td", "td")
            cells.append(f"<{tag}>{html.escape(str(v))}</{close}>")
        rid = f' id="{html.escape(row_ids[k], quote=True)}"' if row_ids else ""
        body.append(f"<tr{rid}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    label = f' aria-label="{html.escape(caption or "Tabel", quote=True)}"'
    # a wide table scrolls inside its own box (keyboard-reachable), never the whole page (WCAG 1.4.10)
    return (
        f'<div class="swic-table-wrap" role="region" tabindex="0"{label}>'
        f'<table class="swic-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    )


class HTML:
    """Raw HTML output for a notebook cell (deterministic, no IPython dependency)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return "<HTML>"


def _meta(df: pd.DataFrame) -> tuple[str, str, str]:
    """Source, locator and an 'n = …' text for the rows of one figure."""
    source = "; ".join(SOURCE_SHORT.get(s, s) for s in dict.fromkeys(df["source"])) if "source" in df else ""
    locs = list(dict.fromkeys(df["locator"])) if "locator" in df else []
    ns = [int(x) for x in dict.fromkeys(df["n"].dropna())] if "n" in df else []
    if len(ns) == 1:
        n_text = f"n = {fmt.number(ns[0])}"
    elif ns:
        n_text = (
            "n = " + " tot ".join([fmt.number(min(ns)), fmt.number(max(ns))]) + " (verschilt per onderdeel)"
        )
    else:
        n_text = ""
    return source, ", ".join(locs), n_text


def _source_ids(df: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(df["source"])) if "source" in df else []


def _quality_notes(df: pd.DataFrame) -> list[str]:
    notes = []
    q = set(df["quality"])
    doc = "het rapport" if set(_source_ids(df)) <= {"raadpleging-2025"} else "de bron"
    if "chart-label" in q:
        notes.append(f"Waarden afgelezen uit de labels van de grafiek in {doc}.")
    if "prose" in q and len(q) > 1:
        notes.append(f"Een deel van de waarden komt uit de lopende tekst van {doc} (zie de tabel).")
    elif q == {"prose"}:
        notes.append(f"Waarden uit de lopende tekst van {doc}.")
    if "derived" in q:
        notes.append(
            "* Afgeleide waarde: berekend uit andere cijfers van het rapport (zie de tabel en de werkwijze)."
        )
    if "not-recoverable" in q:
        notes.append(
            "? Deze waarde staat niet leesbaar in de bron. We vullen haar niet in en schatten haar niet; "
            "het vraagteken staat op haar plaats."
        )
    if "bound" in df and (df["bound"].fillna("") != "").any():
        notes.append("'Meer dan' of 'bijna': de bron noemt hier een grens, geen precies getal.")
    if "answer_type" in df and (df["answer_type"] == "multiple").any():
        if (df["unit"] == "percent").all():
            notes.append("Meerdere antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        else:
            notes.append("Meerdere antwoorden mogelijk: deelnemers konden meer dan één antwoord geven.")
    issues = sorted(
        {
            t
            for n in df.get("note", pd.Series(dtype=str)).fillna("")
            for t in re.findall(r"known-issue:([a-z0-9-]+)", n)
        }
    )
    for t in issues:
        notes.append(f"known-issue:{t}")  # rendered as a link to the list of inconsistencies
    return notes


def _label(value: float, quality: str, unit: str, bound: str = "") -> str:
    if quality == "not-recoverable" or pd.isna(value):
        return "?"
    s = fmt.percent(value) if unit == "percent" else fmt.auto(value)
    return fmt.bounded(s, bound) + QUALITY_MARK.get(quality, "")


def _table(df: pd.DataFrame, cols: dict[str, str]) -> pd.DataFrame:
    out = df[list(cols)].rename(columns=cols).reset_index(drop=True)
    if "Hoe gelezen" in out:
        out["Hoe gelezen"] = out["Hoe gelezen"].map(QUALITY_LABELS).fillna(out["Hoe gelezen"])
    if "bound" in df and (df["bound"].fillna("") != "").any():
        out.insert(2, "Grens", [fmt.BOUND_WORDS.get(b, "") for b in df["bound"].fillna("")])
    return out


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    d = df.copy()
    d["value"] = d["value"].astype(float)
    unit = d["unit"].iloc[0]
    d["share"] = d["value"] / 100 if unit == "percent" else d["value"]
    bounds = d["bound"].fillna("") if "bound" in d else pd.Series([""] * len(d), index=d.index)
    d["label"] = [
        _label(v, q, u, b) for v, q, u, b in zip(d["value"], d["quality"], d["unit"], bounds, strict=True)
    ]
    d["gelezen"] = d["quality"].map(QUALITY_LABELS)
    d["waarde"] = d["label"]
    d["pos"] = d["share"].fillna(0.0)  # where the value label stands: '?' stands at 0
    return d


def _require_values(df: pd.DataFrame, title: str) -> None:
    """A chart of only unreadable values would be an empty frame: fail instead, naming the chart."""
    if df["value"].notna().sum() == 0:
        where = ", ".join(dict.fromkeys(df["locator"])) if "locator" in df else ""
        raise ValueError(f"{title!r} ({where}): no readable value to chart; every row is not-recoverable")


def _one_unit(df: pd.DataFrame) -> str:
    units = list(dict.fromkeys(df["unit"]))
    if len(units) != 1:
        raise ValueError(f"a chart shows one unit; these rows mix {units}")
    return units[0]


WRAP = "|"  # line break inside a label (split by labelExpr, or by the text mark's lineBreak)
WIDE_WRAP = 44
NARROW_WRAP = 36
LINE = 15  # pixels per line of label text


def _wrap(text: str, width: int = WIDE_WRAP, max_lines: int = 3) -> str:
    """A label wrapped into lines of about ``width`` characters (at most ``max_lines``; the rest is cut
    with an ellipsis, the full text stays in the tooltip and the table)."""
    lines = _wrap_lines(str(text).replace(WRAP, "/"), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return WRAP.join(lines)


def _wrap_lines(text: str, width: int) -> list[str]:
    """Greedy wrapping at spaces, and inside a long word after '/' or '-' (never in the middle of a word
    unless it is longer than a line by itself)."""
    pieces: list[tuple[str, bool]] = []  # (piece, followed by a space)
    for word in text.split():
        parts = re.findall(r"[^/\-]+[/\-]?|[/\-]", word) if len(word) > width else [word]
        for k, part in enumerate(parts):
            while len(part) > width:
                pieces.append((part[:width], False))
                part = part[width:]
            pieces.append((part, k == len(parts) - 1))
    lines: list[str] = []
    line = ""
    for part, space_after in pieces:
        if line and len(line.rstrip()) + len(part) > width:
            lines.append(line.rstrip())
            line = ""
        line += part + (" " if space_after else "")
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _lines(label: str) -> int:
    return label.count(WRAP) + 1


WRAPPED_AXIS = dict(labelExpr=f"split(datum.label, '{WRAP}')", labelLimit=300, labelLineHeight=LINE)

# Charts take the width of their column (Vega-Lite's responsive "container" width) and keep their text at
# its real size, instead of a fixed width that the browser shrinks, text and all.
CONTAINER = "container"


def _cols(d: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    return d[keep].astype({c: "float64" for c in keep if c in ("share", "value", "pos", "shown")})


def _value_axis(unit: str, field_name: str, *, title: str | None, domain_max: float | None, ticks: int = 5):
    scale = alt.Scale(domain=[0, domain_max], nice=False) if domain_max else alt.Undefined
    if unit == "percent":
        return alt.X(
            f"{field_name}:Q",
            title=title or "Percentage",
            stack=None,
            scale=scale,
            axis=alt.Axis(format=".0%", tickCount=ticks, labelOverlap="greedy", labelSeparation=6),
        )
    return alt.X(
        f"{field_name}:Q",
        title=title or UNIT_AXIS.get(unit, "Waarde"),
        stack=None,
        scale=scale,
        # big numbers have wide labels: fewer ticks, and a label that would touch its neighbour is left out
        axis=alt.Axis(
            format=",.0f" if unit == "count" or (domain_max or 0) >= 1000 else ",.1~f",
            tickCount=min(ticks, 3) if (domain_max or 0) >= 100_000 else ticks,
            labelOverlap="greedy",
            labelSeparation=6,
        ),
    )


def _room(top: float, labels: list[str], plot_width: int) -> float:
    """The value axis' maximum, leaving room right of the longest bar for the longest value label."""
    longest = max((len(x) for x in labels), default=4)
    needed = min(0.6, (7 * longest + 10) / plot_width)  # about 7 px per character at 11 px
    return (top or 1.0) / (1 - needed)


def _legend(cats: list[str], narrow: bool, **extra) -> alt.Legend:
    """A legend whose labels wrap instead of running past the chart's edge."""
    long = max((len(c) for c in cats), default=0)
    return alt.Legend(
        columns=1 if narrow or long > 24 else 2,
        labelExpr=f"split(datum.label, '{WRAP}')",
        labelLimit=1000,
        symbolStrokeColor="#767676",
        symbolStrokeWidth=1,
        **extra,
    )


def _legend_labels(cats: list[str], narrow: bool) -> dict[str, str]:
    width = 34 if narrow else 40
    return {c: _wrap(c, width, max_lines=4) for c in cats}


# --------------------------------------------------------------------------- bars


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
    d["ylab"] = d[by].map(lambda t: _wrap(t, wrap))
    sort = [_wrap(o, wrap) for o in order]
    lines = max(_lines(x) for x in d["ylab"])
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    domain_max = _room(top, list(d["label"]), 260 if narrow else 380)
    tooltip = [
        alt.Tooltip(f"{by}:N", title=tooltip_title),
        alt.Tooltip("waarde:N", title="Waarde"),
        alt.Tooltip("gelezen:N", title="Gelezen uit"),
    ]
    data = _cols(d, [by, "ylab", "share", "pos", "label", "gelezen", "waarde"])
    if not narrow:
        step = max(24, LINE * lines + 9)
        base = alt.Chart(data).encode(
            y=alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS)), tooltip=tooltip
        )
        bars = base.mark_bar(color=color).encode(
            x=_value_axis(unit, "share", title=title_axis, domain_max=domain_max)
        )
        labels = base.mark_text(align="left", dx=4).encode(
            x=_value_axis(unit, "pos", title=title_axis, domain_max=domain_max), text=alt.Text("label:N")
        )
        return (bars + labels), step
    step = LINE * lines + 26
    d["off"] = [3 + LINE * _lines(x) + 4 + 6 for x in d["ylab"]]  # from the top of the row: below its name
    data = _cols(d, [by, "ylab", "share", "pos", "label", "gelezen", "waarde", "off"])
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    names = base.mark_text(
        align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3
    ).encode(x=alt.XValue(0), text=alt.Text("ylab:N"))
    off = alt.YOffset("off:Q", scale=None)
    bars = base.mark_bar(color=color, size=12).encode(
        x=_value_axis(unit, "share", title=title_axis, domain_max=domain_max, ticks=3), yOffset=off
    )
    labels = base.mark_text(align="left", dx=4, baseline="middle").encode(
        x=_value_axis(unit, "pos", title=title_axis, domain_max=domain_max, ticks=3),
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
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    if sort:
        order = list(d.sort_values("value", ascending=False, kind="stable", na_position="last")[by])
    else:
        order = th.natural_order(list(d[by]))
    source, locator, n_text = _meta(df)
    if description is None:
        readable = d[d["value"].notna()].sort_values("value", ascending=False)
        top = readable.iloc[0]
        description = (
            f"Staafdiagram: {_sentence(title)} Grootste categorie: {top[by]} ({top['label']}). "
            f"{len(d)} staven; de cijfers staan in de tabel onder de grafiek."
        )
    kw = dict(title_axis=None, color=color, tooltip_title="Categorie" if by == "category" else "Onderdeel")
    wide, wstep = _bars(d, by, order, unit, narrow=False, **kw)
    narrow, nstep = _bars(d, by, order, unit, narrow=True, **kw)
    props = dict(title=title, width=CONTAINER, description=description)
    table = _table(
        df,
        {
            by: "Categorie" if by == "category" else "Onderdeel",
            "value": "Waarde",
            "n": "n",
            "quality": "Hoe gelezen",
        },
    )
    return Figure(
        wide.properties(height={"step": wstep}, **props),
        title,
        description,
        table,
        source,
        locator,
        n_text,
        _quality_notes(df),
        narrow=narrow.properties(height={"step": nstep}, **props),
        sources=_source_ids(df),
    )


def _sentence(title: str) -> str:
    """A title as the end of a sentence: 'Wat vinden ze?' stays, 'Aantal' becomes 'Aantal.'"""
    t = title.strip()
    return t if t.endswith((".", "?", "!")) else t + "."


# --------------------------------------------------------------------------- stacked answers


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
    _require_values(df, title)
    unit = _one_unit(df)
    if unit != "percent":
        raise ValueError("likert_bar shows percentages")
    if not stackable(df):
        raise ValueError(
            f"{title!r}: these answers do not add up to 100 per statement (several answers, or overlapping "
            "categories); use grouped_bar"
        )
    d = _prepare(df)
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
    source, locator, n_text = _meta(df)
    if description is None:
        description = (
            f"Gestapeld staafdiagram: {_sentence(title)} {len(items)} stellingen, antwoorden van "
            f"'{cats[0]}' tot '{cats[-1]}'. De percentages staan in de tabel onder de grafiek."
        )
    props = dict(title=title, width=CONTAINER, description=description)
    wide, wstep = _stacked(d, items, cats_shown, colors_shown, narrow=False)
    narrow, nstep = _stacked(d, items, cats_shown, colors_shown, narrow=True)
    wide_t = d.pivot_table(index="item", columns="category", values="value", aggfunc="first", sort=False)
    wide_t = wide_t.reindex(index=items, columns=cats).reset_index().rename(columns={"item": "Stelling"})
    notes = _quality_notes(df) + (
        [
            "Gestippeld vak met '?': de antwoorden die niet leesbaar zijn, samen (100% min de gelezen delen); "
            "hoe dat deel over de antwoorden verdeeld is, is onbekend."
        ]
        if unknown_any
        else []
    )
    return Figure(
        wide.properties(height={"step": wstep}, **props),
        title,
        description,
        wide_t,
        source,
        locator,
        n_text,
        notes,
        narrow=narrow.properties(height={"step": nstep}, **props),
        sources=_source_ids(df),
    )


def stackable(df: pd.DataFrame) -> bool:
    """Can these rows be drawn as stacked 100% bars? Single answers only, and per statement the readable
    shares may not add up to more than 100 (within rounding)."""
    from swic.data import sum_tolerance

    if not (df["answer_type"] == "single").all():
        return False
    for _, grp in df.groupby(["item", "year"], sort=False):
        total = grp["value"].sum(skipna=True)
        if total > 100 + sum_tolerance(len(grp)):
            return False
    return True


def _stacked(d: pd.DataFrame, items: list[str], cats: list[str], colors: list[str], *, narrow: bool):
    wrap = NARROW_WRAP if narrow else WIDE_WRAP
    d = d.copy()
    d["ylab"] = d["item"].map(lambda t: _wrap(t, wrap))
    legend_labels = _legend_labels(cats, narrow)
    d["kleur_label"] = d["kleur"].map(legend_labels)
    lines = max(_lines(x) for x in d["ylab"])
    sort = [_wrap(i, wrap) for i in items]
    data = _cols(
        d,
        [
            "item",
            "ylab",
            "category",
            "kleur",
            "kleur_label",
            "shown",
            "order",
            "label",
            "gelezen",
            "waarde",
            "text_color",
        ],
    )
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
        scale=alt.Scale(domain=[0, 1]),
    )
    domain = [legend_labels[c] for c in cats]
    color = alt.Color(
        "kleur_label:N",
        sort=domain,
        title=None,
        scale=alt.Scale(domain=domain, range=colors),
        legend=_legend(cats, narrow),
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
    if not narrow:
        step = max(34, LINE * lines + 12)
        enc = dict(
            y=alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS)),
            order=alt.Order("order:Q"),
            tooltip=tooltip,
        )
        bars = alt.Chart(data).mark_bar().encode(x=x, color=color, **stroke, **enc)
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
        return (bars + text).resolve_scale(color="independent"), step
    step = LINE * lines + 34
    d["off"] = [3 + LINE * _lines(x) + 4 + 10 for x in d["ylab"]]
    data = _cols(
        d,
        [
            "item",
            "ylab",
            "category",
            "kleur",
            "kleur_label",
            "shown",
            "order",
            "label",
            "gelezen",
            "waarde",
            "text_color",
            "off",
        ],
    )
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    names = (
        alt.Chart(d[["item", "ylab"]].drop_duplicates("item"))
        .mark_text(align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("ylab:N"))
    )
    off = alt.YOffset("off:Q", scale=None)
    enc = dict(y=y, order=alt.Order("order:Q"), tooltip=tooltip, yOffset=off)
    bars = alt.Chart(data).mark_bar(size=18).encode(x=x, color=color, **stroke, **enc)
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
    return (names + bars + text).resolve_scale(color="independent"), step


# --------------------------------------------------------------------------- grouped bars


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
    d["ylab"] = d[by].map(lambda t: _wrap(t, wrap))
    labels = _legend_labels(series, narrow)
    d["reeks_label"] = d["reeks"].map(labels)
    lines = max(_lines(x) for x in d["ylab"])
    sort = [_wrap(o, wrap) for o in order]
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    domain_max = _room(top, list(d["label"]), 260 if narrow else 380)
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
        legend=_legend(series, narrow),
    )
    bar_h = 14 if narrow else 16
    group_h = bar_h * len(series) + 4
    if not narrow:
        step = max(group_h + 8, LINE * lines + 9)
        data = _cols(d, [by, "ylab", "reeks", "reeks_label", "share", "pos", "label", "gelezen", "waarde"])
        base = alt.Chart(data).encode(
            y=alt.Y("ylab:N", sort=sort, title=None, axis=alt.Axis(**WRAPPED_AXIS)),
            yOffset=alt.YOffset("reeks_label:N", sort=domain, scale=alt.Scale(paddingInner=0.1)),
            tooltip=tooltip,
        )
        bars = base.mark_bar().encode(
            x=_value_axis(unit, "share", title=None, domain_max=domain_max), color=color
        )
        text = base.mark_text(align="left", dx=4).encode(
            x=_value_axis(unit, "pos", title=None, domain_max=domain_max), text=alt.Text("label:N")
        )
        return bars + text, step
    name_h = LINE * lines + 6
    step = name_h + group_h + 8
    index = {sr: k for k, sr in enumerate(domain)}
    d["off"] = [
        3 + LINE * _lines(y_) + 6 + bar_h * index[r_] + bar_h / 2
        for y_, r_ in zip(d["ylab"], d["reeks_label"], strict=True)
    ]
    data = _cols(d, [by, "ylab", "reeks", "reeks_label", "share", "pos", "label", "gelezen", "waarde", "off"])
    y = alt.Y("ylab:N", sort=sort, title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    names = (
        alt.Chart(d[[by, "ylab"]].drop_duplicates(by))
        .mark_text(align="left", baseline="top", lineBreak=WRAP, fontSize=12, yOffset=-step / 2 + 3)
        .encode(y=y, x=alt.XValue(0), text=alt.Text("ylab:N"))
    )
    off = alt.YOffset("off:Q", scale=None)
    base = alt.Chart(data).encode(y=y, tooltip=tooltip, yOffset=off)
    bars = base.mark_bar(size=bar_h - 2).encode(
        x=_value_axis(unit, "share", title=None, domain_max=domain_max, ticks=3), color=color
    )
    text = base.mark_text(align="left", dx=4, baseline="middle").encode(
        x=_value_axis(unit, "pos", title=None, domain_max=domain_max, ticks=3), text=alt.Text("label:N")
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
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    if years is not None:
        d = d[d["year"].isin(years)]
    d["reeks"] = d[series].astype(str) if series else d["year"].astype(int).astype(str)
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
    source, locator, n_text = _meta(df)
    if description is None:
        description = (
            f"Staafdiagram dat {' en '.join(yrs)} vergelijkt: {_sentence(title)} "
            "De cijfers staan in de tabel onder de grafiek."
        )
    lt = legend_title if legend_title is not None else (None if series else "Jaar veldwerk")
    wide, wstep = _grouped(d, by, order, yrs, colors, unit, narrow=False, legend_title=lt)
    narrow, nstep = _grouped(d, by, order, yrs, colors, unit, narrow=True, legend_title=lt)
    props = dict(title=title, width=CONTAINER, description=description)
    table = d.pivot_table(index=by, columns="reeks", values="value", aggfunc="first", sort=False)
    table = table.reindex(index=order, columns=yrs).reset_index().rename(columns={by: "Onderdeel"})
    notes = _quality_notes(df) + notes + ([caution] if caution else [])
    return Figure(
        wide.properties(height={"step": wstep}, **props),
        title,
        description,
        table,
        source,
        locator,
        n_text,
        notes,
        narrow=narrow.properties(height={"step": nstep}, **props),
        sources=_source_ids(df),
    )


def _year_color(label: str, default: str) -> str:
    m = re.fullmatch(r"(?:Raadpleging, veldwerk )?(20\d\d)", str(label))
    return th.YEAR_COLORS.get(m[1], default) if m else default


def grouped_bar(df: pd.DataFrame, title: str, description: str | None = None) -> Figure:
    """Separate bars per statement and answer, for answers that must not be stacked (several answers
    allowed, or categories that overlap): each statement is a group, each answer a bar in its colour."""
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    d["item"] = d["item"].where(d["item"] != "", d["question"])
    cats = th.natural_order(list(d["category"]))
    d["reeks"] = d["category"]
    items = list(dict.fromkeys(d["item"]))
    source, locator, n_text = _meta(df)
    if description is None:
        description = (
            f"Staafdiagram met per onderdeel een staaf per antwoord: {_sentence(title)} "
            "De cijfers staan in de tabel onder de grafiek."
        )
    colors = th.colors_for(cats)
    wide, wstep = _grouped(d, "item", items, cats, colors, unit, narrow=False, legend_title=None)
    narrow, nstep = _grouped(d, "item", items, cats, colors, unit, narrow=True, legend_title=None)
    props = dict(title=title, width=CONTAINER, description=description)
    table = d.pivot_table(index="item", columns="category", values="value", aggfunc="first", sort=False)
    table = table.reindex(index=items, columns=cats).reset_index().rename(columns={"item": "Onderdeel"})
    notes = _quality_notes(df)
    if not (df["answer_type"] == "multiple").any():
        notes.append("De antwoorden per onderdeel tellen niet op tot 100%: daarom staan ze naast elkaar.")
    return Figure(
        wide.properties(height={"step": wstep}, **props),
        title,
        description,
        table,
        source,
        locator,
        n_text,
        notes,
        narrow=narrow.properties(height={"step": nstep}, **props),
        sources=_source_ids(df),
    )


# --------------------------------------------------------------------------- grids and time


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
    d["tekst"] = d[value].map(lambda v: "" if v == 0 else fmt.number(v))
    d["xnaam"] = d[x].map(lambda c: x_labels.get(c, c))
    vertical = d[x].nunique() > 4  # many columns: labels stand vertical, so neighbours never touch
    xwrap = {
        c: _wrap(c, 24, max_lines=2) if vertical else _wrap(c, 11, max_lines=6) for c in dict.fromkeys(d[x])
    }
    d["xlab"] = d[x].map(xwrap)
    top = max(1, int(d[value].max()))
    d["ylab"] = d[y].map(lambda t: _wrap(t, 28))
    # column labels stand upright and wrap: slanted labels of neighbouring columns run into each other
    x_sorted = [xwrap.get(c, c) for c in (x_order or list(dict.fromkeys(d[x])))]
    y_sorted = [_wrap(t, 28) for t in (y_order or list(dict.fromkeys(d[y])))]
    shades = th.sequential(top + 1)
    d["tekstkleur"] = d[value].map(lambda v: th.text_color(shades[int(v)]))
    lines = max(_lines(t) for t in y_sorted)
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


def _heatmap_list(d, x, y, value, y_order, x_order, y_title, x_labels) -> str:
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
                f"<li>{html.escape(x_labels.get(c, c))}: {fmt.number(v)}</li>" for c, v in sub[value].items()
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
