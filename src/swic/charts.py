"""Reusable chart builders. Chapters call these; they never write chart code themselves.

Every builder takes rows in the survey data contract (see ``data/schemas/survey.schema.json``)
and returns a :class:`Figure`: the Altair chart plus what a reader needs around it — title,
a text alternative, the source and n, how the values were read, the numbers as an accessible
table and a CSV download of exactly those numbers.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from swic import fmt
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
    """A chart with its caption, text alternative, data table and CSV download."""

    chart: alt.TopLevelMixin
    title: str
    description: str
    data: pd.DataFrame
    source: str = ""
    locator: str = ""
    n: str = ""
    notes: list[str] = field(default_factory=list)

    def __post_init__(self):
        # anchored on the first locator: a chart combining sources is found under its main figure
        base = "fig-" + slug(self.locator.split(", ")[0] if self.locator else self.title)
        count = _anchors_seen.get(base, 0) + 1
        _anchors_seen[base] = count
        self.anchor = base if count == 1 else f"{base}-{count}"

    def csv(self) -> str:
        return self.data.to_csv(index=False, lineterminator="\n")

    def _repr_html_(self) -> str:
        spec = self.chart.to_dict()
        spec.pop("title", None)  # the title is the figure's caption, above the chart
        chart_html = th.spec_html(spec, self.description)
        b64 = base64.b64encode(self.csv().encode("utf-8")).decode("ascii")
        fname = f"{self.anchor.removeprefix('fig-')}.csv"
        meta = []
        if self.source:
            meta.append(
                f"Bron: {html.escape(self.source)}"
                + (f", {html.escape(self.locator)}" if self.locator else "")
            )
        if self.n:
            meta.append(html.escape(self.n))
        notes = "".join(f'<p class="swic-note">{html.escape(n)}</p>' for n in self.notes)
        return (
            f'<figure class="swic-figure" id="{self.anchor}">\n'
            f'<figcaption class="swic-caption">{html.escape(self.title)}</figcaption>\n'
            f"{chart_html}\n"
            f'<div class="swic-figmeta"><p class="swic-source">{". ".join(meta)}</p>{notes}'
            f'<p class="swic-download"><a download="{fname}" href="data:text/csv;charset=utf-8;base64,{b64}">'
            f"Download de gegevens van deze grafiek (CSV)</a></p></div>\n"
            f'<details class="swic-data"><summary>Toon de cijfers als tabel</summary>'
            f"{html_table(self.data, self.title)}</details>\n"
            "</figure>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self._repr_html_(), "text/plain": f"<Figuur: {self.title}>"}


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
            if isinstance(v, float):
                v = fmt.auto(v)
            elif v is None or (not isinstance(v, str) and pd.isna(v)):
                v = ""
            tag, close = ('th scope="row"', "th") if i == 0 else ("td", "td")
            cells.append(f"<{tag}>{html.escape(str(v))}</{close}>")
        rid = f' id="{html.escape(row_ids[k], quote=True)}"' if row_ids else ""
        body.append(f"<tr{rid}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="swic-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
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


def _quality_notes(df: pd.DataFrame) -> list[str]:
    notes = []
    q = set(df["quality"])
    if "chart-label" in q:
        notes.append("Waarden afgelezen uit de labels van de grafiek in het rapport.")
    if "prose" in q and len(q) > 1:
        notes.append("Een deel van de waarden komt uit de lopende tekst van het rapport (zie de tabel).")
    elif q == {"prose"}:
        notes.append("Waarden uit de lopende tekst van het rapport.")
    if "derived" in q:
        notes.append(
            "* Afgeleide waarde: berekend uit andere cijfers (zie de werkwijze-pagina), niet direct afgelezen."
        )
    if "not-recoverable" in q:
        notes.append("? Waarde niet leesbaar in de bron; niet ingevuld en niet geschat.")
    if "answer_type" in df and (df["answer_type"] == "multiple").any():
        if (df["unit"] == "percent").all():
            notes.append("Meerdere antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        else:
            notes.append("Meerdere antwoorden mogelijk: deelnemers konden meer dan één antwoord geven.")
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
    return out


def _x_encoding(
    unit: str, field_name: str = "share", title: str | None = None, domain_max: float | None = None
):
    """The value axis; leaves room right of the longest bar for its label."""
    scale = alt.Scale(domain=[0, domain_max], nice=False) if domain_max else alt.Undefined
    if unit == "percent":
        return alt.X(
            f"{field_name}:Q",
            title=title or "Percentage",
            stack=None,
            scale=scale,
            axis=alt.Axis(format=".0%", tickCount=5),
        )
    return alt.X(
        f"{field_name}:Q",
        title=title or UNIT_AXIS.get(unit, "Waarde"),
        stack=None,
        scale=scale,
        axis=alt.Axis(format=",.0f" if unit == "count" else ",.1~f", tickCount=5),
    )


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    d = df.copy()
    d["value"] = d["value"].astype(float)
    unit = d["unit"].iloc[0]
    d["share"] = d["value"] / 100 if unit == "percent" else d["value"]
    bounds = d["bound"] if "bound" in d else pd.Series([""] * len(d), index=d.index)
    d["label"] = [
        _label(v, q, u, b) for v, q, u, b in zip(d["value"], d["quality"], d["unit"], bounds, strict=True)
    ]
    d["gelezen"] = d["quality"].map(QUALITY_LABELS)
    d["waarde"] = d["label"]
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


WRAP = "|"  # line break inside an axis label (split again by the axis' labelExpr)
WRAPPED_AXIS = dict(labelExpr=f"split(datum.label, '{WRAP}')", labelLimit=300, labelLineHeight=14)


def _wrap(text: str, width: int = 44) -> str:
    """An axis label wrapped into lines of about ``width`` characters (at most three; the rest is cut
    with an ellipsis, the full text stays in the tooltip and the table)."""
    import textwrap

    lines = textwrap.wrap(str(text).replace(WRAP, "/"), width) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1].rstrip() + "…"
    return WRAP.join(lines)


def _row_height(labels, minimum: int) -> int:
    """Plot height: each bar row gets room for its (wrapped) label."""
    return sum(max(minimum, 15 * (_wrap(t).count(WRAP) + 1) + 8) for t in labels)


# Charts take the width of the page column (Vega-Lite's responsive "container" width) and keep their
# text at its real size, instead of a fixed width that the browser shrinks, text and all, on a narrow
# column or a phone.
CONTAINER = "container"


def _cols(d: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    return d[keep].astype({c: "float64" for c in keep if c in ("share", "value")})


# --------------------------------------------------------------------------- builders


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

    ``sort`` orders bars by value (largest on top); otherwise the source's order is kept, as for
    ordered scales such as years of experience.
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    order = (
        list(d.sort_values("value", ascending=False, kind="stable")[by])
        if sort
        else list(dict.fromkeys(d[by]))
    )
    height = max(60, _row_height(order, 26))
    d["ylab"] = d[by].map(_wrap)
    base = alt.Chart(_cols(d, [by, "ylab", "share", "label", "gelezen", "waarde"])).encode(
        y=alt.Y("ylab:N", sort=[_wrap(o) for o in order], title=None, axis=alt.Axis(**WRAPPED_AXIS)),
        tooltip=[
            alt.Tooltip(f"{by}:N", title="Categorie" if by == "category" else "Onderdeel"),
            alt.Tooltip("waarde:N", title="Waarde"),
            alt.Tooltip("gelezen:N", title="Gelezen uit"),
        ],
    )
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    bars = base.mark_bar(color=color).encode(x=_x_encoding(unit, domain_max=top * 1.15))
    labels = base.mark_text(align="left", dx=4).encode(
        x=_x_encoding(unit, domain_max=top * 1.15), text="label:N"
    )
    source, locator, n_text = _meta(df)
    if description is None:
        top = d.sort_values("value", ascending=False).iloc[0]
        description = (
            f"Staafdiagram: {title}. Grootste categorie: {top[by]} ({top['label']}). "
            f"{len(d)} categorieën; de cijfers staan in de tabel onder de grafiek."
        )
    chart = (bars + labels).properties(title=title, height=height, width=CONTAINER, description=description)
    table = _table(
        df,
        {
            by: "Categorie" if by == "category" else "Onderdeel",
            "value": "Waarde",
            "n": "n",
            "quality": "Hoe gelezen",
        },
    )
    return Figure(chart, title, description, table, source, locator, n_text, _quality_notes(df))


UNREADABLE = "Niet leesbaar in de bron"


def likert_bar(
    df: pd.DataFrame,
    title: str,
    description: str | None = None,
    *,
    neutral_tail: tuple[str, ...] = ("Weet niet", "Niet van toepassing", "Geen mening"),
) -> Figure:
    """Stacked 100% bars, one per statement (item), categories in the source's scale order.

    Categories such as 'weet niet' after the scale get a neutral grey so the scale's colours keep
    their meaning; each segment carries its value in its label and tooltip, so colour is never
    the only carrier of meaning.
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    d["item"] = d["item"].where(d["item"] != "", d["question"])
    cats = list(dict.fromkeys(d["category"]))
    scale_cats = [c for c in cats if c not in neutral_tail]
    colors = th.ordinal(len(scale_cats)) + [th.NEUTRAL_EXTRA] * (len(cats) - len(scale_cats))
    order_map = {c: i for i, c in enumerate(cats)}
    d["order"] = d["category"].map(order_map)
    d["text_color"] = d["category"].map(dict(zip(cats, [th.text_color(c) for c in colors], strict=True)))
    d["shown"] = d["share"].fillna(0)
    d["kleur"] = d["category"]
    # Unreadable segments: their sizes are unknown, but together they fill what the readable ones
    # leave. Drawn as one outlined 'niet leesbaar' block at the first unreadable position, so that the
    # readable segments keep their place on the bar instead of sliding towards 0%.
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
        d.loc[missing, "text_color"] = "#1a1a1a"
    if unknown_any:
        cats_shown = cats + [UNREADABLE]
        colors_shown = colors + ["#ffffff"]
    else:
        cats_shown, colors_shown = cats, colors
    items = list(dict.fromkeys(d["item"]))
    height = max(60, _row_height(items, 34))
    d["ylab"] = d["item"].map(_wrap)
    base = alt.Chart(
        _cols(
            d,
            [
                "item",
                "ylab",
                "category",
                "kleur",
                "shown",
                "order",
                "label",
                "gelezen",
                "waarde",
                "text_color",
            ],
        )
    )
    enc = dict(
        y=alt.Y("ylab:N", sort=[_wrap(i) for i in items], title=None, axis=alt.Axis(**WRAPPED_AXIS)),
        order=alt.Order("order:Q"),
        tooltip=[
            alt.Tooltip("item:N", title="Stelling"),
            alt.Tooltip("category:N", title="Antwoord"),
            alt.Tooltip("waarde:N", title="Waarde"),
            alt.Tooltip("gelezen:N", title="Gelezen uit"),
        ],
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "shown:Q",
            stack="zero",
            title="Percentage",
            axis=alt.Axis(format=".0%", tickCount=5),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "kleur:N",
            sort=cats_shown,
            title=None,
            scale=alt.Scale(domain=cats_shown, range=colors_shown),
            # long answer labels in one column, so the legend never runs past the chart's right edge;
            # outlined symbols, so the white 'niet leesbaar' swatch is visible too
            legend=alt.Legend(
                columns=1 if max(len(c) for c in cats_shown) > 24 else 2,
                symbolStrokeColor="#767676",
                symbolStrokeWidth=1,
            ),
        ),
        stroke=alt.condition(
            f"datum.kleur === '{UNREADABLE}'", alt.value("#767676"), alt.value("transparent")
        ),
        strokeDash=alt.condition(f"datum.kleur === '{UNREADABLE}'", alt.value([4, 3]), alt.value([1, 0])),
        **enc,
    )
    text = base.mark_text(align="center", baseline="middle", fontSize=10).encode(
        x=alt.X("shown:Q", stack="zero", bandPosition=0.5),
        text=alt.condition("datum.shown >= 0.05", alt.Text("label:N"), alt.value("")),
        color=alt.Color("text_color:N", scale=None, legend=None),
        **enc,
    )
    source, locator, n_text = _meta(df)
    if description is None:
        description = (
            f"Gestapeld staafdiagram: {title}. {len(items)} stellingen, antwoorden van "
            f"'{cats[0]}' tot '{cats[-1]}'. De percentages staan in de tabel onder de grafiek."
        )
    # independent colour scales: the labels' black/white must not merge into (and hide) the answer legend
    chart = (
        (bars + text)
        .resolve_scale(color="independent")
        .properties(title=title, height=height, width=CONTAINER, description=description)
    )
    if unit != "percent":
        raise ValueError("likert_bar shows percentages")
    wide = d.pivot_table(index="item", columns="category", values="value", aggfunc="first", sort=False)
    wide = wide.reindex(index=items, columns=cats).reset_index().rename(columns={"item": "Stelling"})
    notes = _quality_notes(df) + (
        [
            "Gestippeld vak: de antwoorden die niet leesbaar waren, samen (100% min de gelezen delen); "
            "hoe dat deel over de antwoorden verdeeld is, is onbekend."
        ]
        if unknown_any
        else []
    )
    return Figure(chart, title, description, wide, source, locator, n_text, notes)


def comparison_bar(
    df: pd.DataFrame,
    title: str,
    description: str | None = None,
    *,
    by: str = "category",
    years: tuple[int, int] | None = None,
    series: str | None = None,
    caution: str | None = (
        "Let op: de groepen respondenten van beide raadplegingen verschillen; "
        "verschillen zijn indicaties, geen gemeten trends."
    ),
    legend_title: str | None = None,
) -> Figure:
    """Grouped bars comparing editions (e.g. 2020 and 2024) per category or item.

    ``series`` names a column that labels the bars of a group (default: the fieldwork year).
    """
    if df.empty:
        raise ValueError(f"no rows to chart for {title!r}")
    _require_values(df, title)
    unit = _one_unit(df)
    d = _prepare(df)
    if years is not None:
        d = d[d["year"].isin(years)]
    d["jaar"] = d[series].astype(str) if series else d["year"].astype(int).astype(str)
    order = list(dict.fromkeys(d[by]))
    yrs = (
        sorted(d["jaar"].unique())
        if not series
        else list(dict.fromkeys(d.sort_values("year", kind="stable")["jaar"]))
    )
    colors = [th.YEAR_COLORS.get(y, c) for y, c in zip(yrs, th.CATEGORICAL, strict=False)]
    d["ylab"] = d[by].map(_wrap)
    base = alt.Chart(_cols(d, [by, "ylab", "jaar", "share", "label", "gelezen", "waarde"])).encode(
        y=alt.Y("ylab:N", sort=[_wrap(o) for o in order], title=None, axis=alt.Axis(**WRAPPED_AXIS)),
        yOffset=alt.YOffset("jaar:N", sort=yrs),
        tooltip=[
            alt.Tooltip(f"{by}:N", title="Onderdeel"),
            alt.Tooltip("jaar:N", title="Jaar"),
            alt.Tooltip("waarde:N", title="Waarde"),
            alt.Tooltip("gelezen:N", title="Gelezen uit"),
        ],
    )
    top = float(d["share"].max()) if d["share"].notna().any() else 1.0
    bars = base.mark_bar().encode(
        x=_x_encoding(unit, domain_max=top * 1.15),
        color=alt.Color(
            "jaar:N",
            title=legend_title if legend_title is not None else (None if series else "Jaar veldwerk"),
            scale=alt.Scale(domain=yrs, range=colors),
            legend=alt.Legend(columns=1 if max(len(y) for y in yrs) > 24 else 2),
        ),
    )
    labels = base.mark_text(align="left", dx=4).encode(
        x=_x_encoding(unit, domain_max=top * 1.15), text="label:N"
    )
    source, locator, n_text = _meta(df)
    if description is None:
        description = (
            f"Staafdiagram dat {' en '.join(yrs)} vergelijkt: {title}. "
            "De cijfers staan in de tabel onder de grafiek."
        )
    chart = (bars + labels).properties(
        title=title,
        height=max(80, sum(max(22 * len(yrs), 15 * (_wrap(o).count(WRAP) + 1) + 8) for o in order)),
        width=CONTAINER,
        description=description,
    )
    wide = d.pivot_table(index=by, columns="jaar", values="value", aggfunc="first", sort=False)
    wide = wide.reindex(index=order).reset_index().rename(columns={by: "Onderdeel"})
    notes = _quality_notes(df) + ([caution] if caution else [])
    return Figure(chart, title, description, wide, source, locator, n_text, notes)


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
) -> Figure:
    """A grid of cells (e.g. advies points × sector-plan actions) shaded by a count, each cell also
    carrying its number as text, so that colour is never the only carrier of meaning."""
    d = df.copy()
    d["tekst"] = d[value].map(lambda v: "" if v == 0 else fmt.number(v))
    top = max(1, int(d[value].max()))
    d["ylab"] = d[y].map(lambda t: _wrap(t, 36))
    y_sorted = [_wrap(t, 36) for t in (y_order or list(dict.fromkeys(d[y])))]
    shades = th.sequential(top + 1)
    d["tekstkleur"] = d[value].map(lambda v: th.text_color(shades[int(v)]))
    base = alt.Chart(d[[x, y, "ylab", value, "tekst", "tekstkleur"]]).encode(
        x=alt.X(
            f"{x}:N",
            sort=x_order or list(dict.fromkeys(d[x])),
            title=x_title,
            axis=alt.Axis(orient="top", labelAngle=x_angle, labelLimit=160),
        ),
        y=alt.Y("ylab:N", sort=y_sorted, title=None, axis=alt.Axis(**WRAPPED_AXIS)),
        tooltip=[
            alt.Tooltip(f"{y}:N", title=y_title),
            alt.Tooltip(f"{x}:N", title=x_title),
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
        text="tekst:N",
        color=alt.Color("tekstkleur:N", scale=None, legend=None),  # black or white, by the cell's shade
    )
    chart = (rects + text).properties(
        title=title,
        width=CONTAINER,
        height=max(80, sum(max(24, 15 * (t.count(WRAP) + 1) + 8) for t in y_sorted)),
        description=description,
    )
    wide = table if table is not None else d.pivot_table(index=y, columns=x, values=value, fill_value=0)
    if table is None:
        wide = wide.reset_index()
    return Figure(chart, title, description, wide, source, locator, "", notes or [])


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
    base = alt.Chart(d[["year", "event", "kind", "lane"]]).encode(
        x=alt.X(
            "year:Q",
            title="Jaar",
            axis=alt.Axis(format="d", tickMinStep=1),
            scale=alt.Scale(domain=[int(d["year"].min()) - 1, int(d["year"].max()) + 1], nice=False),
        ),
        y=alt.Y("lane:O", title=None, axis=None),
        tooltip=[
            alt.Tooltip("year:Q", title="Jaar", format="d"),
            alt.Tooltip("event:N", title="Gebeurtenis"),
        ],
    )
    points = base.mark_point(filled=True, size=90).encode(
        color=alt.Color(
            "kind:N", title="Soort", scale=alt.Scale(domain=kinds, range=th.CATEGORICAL[: len(kinds)])
        ),
        shape=alt.Shape("kind:N", title="Soort", scale=alt.Scale(domain=kinds)),
    )
    rules = (
        alt.Chart(d[["year"]].drop_duplicates())
        .mark_rule(color="#d0d0d0")
        .encode(
            x=alt.X(
                "year:Q",
                scale=alt.Scale(domain=[int(d["year"].min()) - 1, int(d["year"].max()) + 1], nice=False),
            )
        )
    )
    chart = (rules + points).properties(
        title=title, width=CONTAINER, height=max(80, 26 * (int(d["lane"].max()) + 1)), description=description
    )
    table = d[["year", "event", "kind"]].rename(
        columns={"year": "Jaar", "event": "Gebeurtenis", "kind": "Soort"}
    )
    return Figure(chart, title, description, table, source, "", "", notes or [])
