"""What every chart builder shares: how a value is labelled and read, its source line and notes, the
figure's table, wrapped labels, value axes and legends.

Labels and notes are in Dutch; every builder in :mod:`swic.charts` uses these, so a rule (a bound is
written 'meer dan', an unreadable value shows '?') is decided once.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from swic import data, fmt

QUALITY_LABELS = {
    "table": "tabel",
    "chart-label": "grafieklabel",
    "chart-order": "grafieklabel (op volgorde)",
    "pdf": "pdf van het rapport",
    "derived": "afgeleid",
    "prose": "tekst",
    "not-recoverable": "ontbreekt in onze tekstversie",
}
QUALITY_MARK = {"derived": "*", "not-recoverable": "?"}
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


def meta(df: pd.DataFrame) -> tuple[str, str, str]:
    """Source, locator and an 'n = …' text for the rows of one figure."""
    source = "; ".join(data.short_name(s) for s in dict.fromkeys(df["source"])) if "source" in df else ""
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


def source_ids(df: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(df["source"])) if "source" in df else []


BOUND_OPACITY = 0.4  # a bar that stands for 'meer dan 40%' is lighter than an exact bar, with a dashed edge


def bound_style(field_name: str = "grens") -> dict:
    """Encodings that draw a bar whose value is a bound ('meer dan 40%') lighter and with a dashed edge,
    so that it never looks like an exact bar; its label says the bound in words."""
    test = f"datum.{field_name} !== ''"
    return dict(
        opacity=alt.OpacityValue(**alt.condition(test, alt.value(BOUND_OPACITY), alt.value(1))),
        stroke=alt.StrokeValue(**alt.condition(test, alt.value("#1a1a1a"), alt.value("transparent"))),
        strokeDash=alt.StrokeDashValue(**alt.condition(test, alt.value([3, 2]), alt.value([1, 0]))),
    )


def value_label(value: float, quality: str, unit: str, bound: str = "") -> str:
    if quality == "not-recoverable" or pd.isna(value):
        return "?"
    s = fmt.percent(value) if unit == "percent" else fmt.auto(value)
    return fmt.bounded(s, bound) + QUALITY_MARK.get(quality, "")


def figure_table(df: pd.DataFrame, cols: dict[str, str]) -> pd.DataFrame:
    out = df[list(cols)].rename(columns=cols).reset_index(drop=True)
    if "Hoe gelezen" in out:
        out["Hoe gelezen"] = out["Hoe gelezen"].map(QUALITY_LABELS).fillna(out["Hoe gelezen"])
    if "bound" in df and (df["bound"].fillna("") != "").any():
        out.insert(2, "Grens", [fmt.BOUND_WORDS.get(b, "") for b in df["bound"].fillna("")])
    return out


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    d = df.copy()
    d["value"] = d["value"].astype(float)
    unit = d["unit"].iloc[0]
    d["share"] = d["value"] / 100 if unit == "percent" else d["value"]
    bounds = d["bound"].fillna("") if "bound" in d else pd.Series([""] * len(d), index=d.index)
    d["label"] = [
        value_label(v, q, u, b)
        for v, q, u, b in zip(d["value"], d["quality"], d["unit"], bounds, strict=True)
    ]
    d["gelezen"] = d["quality"].map(QUALITY_LABELS)
    d["waarde"] = d["label"]
    d["grens"] = [fmt.BOUND_WORDS.get(b, "") for b in bounds]  # a bound is drawn open-ended (lighter)
    d["pos"] = d["share"].fillna(0.0)  # where the value label stands: '?' stands at 0
    return d


def require_values(df: pd.DataFrame, title: str) -> None:
    """A chart of only unreadable values would be an empty frame: fail instead, naming the chart."""
    if df["value"].notna().sum() == 0:
        where = ", ".join(dict.fromkeys(df["locator"])) if "locator" in df else ""
        raise ValueError(f"{title!r} ({where}): no readable value to chart; every row is not-recoverable")


def one_unit(df: pd.DataFrame) -> str:
    units = list(dict.fromkeys(df["unit"]))
    if len(units) != 1:
        raise ValueError(f"a chart shows one unit; these rows mix {units}")
    return units[0]


WRAP = "|"  # line break inside a label (split by labelExpr, or by the text mark's lineBreak)
WIDE_WRAP = 44
NARROW_WRAP = 36
LINE = 15  # pixels per line of label text


def wrap_label(text: str, width: int = WIDE_WRAP, max_lines: int = 3) -> str:
    """A label wrapped into lines of about ``width`` characters (at most ``max_lines``; the rest is cut
    with an ellipsis, the full text stays in the tooltip and the table)."""
    lines = wrap_lines(str(text).replace(WRAP, "/"), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip() + "…"
    return WRAP.join(lines)


def wrap_lines(text: str, width: int) -> list[str]:
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


def line_count(label: str) -> int:
    return label.count(WRAP) + 1


WRAPPED_AXIS = dict(labelExpr=f"split(datum.label, '{WRAP}')", labelLimit=300, labelLineHeight=LINE)

# Charts take the width of their column (Vega-Lite's responsive "container" width) and keep their text at
# its real size, instead of a fixed width that the browser shrinks, text and all.
CONTAINER = "container"


def typed_columns(d: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    return d[keep].astype({c: "float64" for c in keep if c in ("share", "value", "pos", "shown")})


def value_axis(unit: str, field_name: str, *, title: str | None, domain_max: float | None, ticks: int = 5):
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


def room(top: float, labels: list[str], plot_width: int) -> float:
    """The value axis' maximum, leaving room right of the longest bar for the longest value label."""
    longest = max((len(x) for x in labels), default=4)
    needed = min(0.6, (7 * longest + 10) / plot_width)  # about 7 px per character at 11 px
    return (top or 1.0) / (1 - needed)


def legend_for(cats: list[str], narrow: bool, **extra) -> alt.Legend:
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


def legend_labels(cats: list[str], narrow: bool) -> dict[str, str]:
    width = 34 if narrow else 40
    return {c: wrap_label(c, width, max_lines=4) for c in cats}


def sentence(title: str) -> str:
    """A title as the end of a sentence: 'Wat vinden ze?' stays, 'Aantal' becomes 'Aantal.'"""
    t = title.strip()
    return t if t.endswith((".", "?", "!")) else t + "."
