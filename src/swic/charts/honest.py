"""What a chart may show, decided once for every builder: only what is known, and nothing that misleads.

* A figure whose values are more than a third unknown is no chart: the page gets the known values as a
  small table and the pointer to the complete figure in the report (:func:`sparse_figure`).
* A subtotal never stands between its parts: it is left out when its parts are known, and stands in for
  them when they are not (:func:`resolve_subtotals`).
* Groups that contain each other ('cijfer 6 of 7' and 'cijfer 5, 6 of 7') are never bars side by side
  (:func:`nested_groups`).
* One value is a key figure, not a chart (:func:`single_value_figure`).
* Under the chart the reader sees at most one note, the one needed to read it; how the numbers were read
  goes in 'Over deze cijfers' (:func:`notes`).
"""

from __future__ import annotations

import re

import pandas as pd

from swic import fmt, known_issues
from swic.charts.common import QUALITY_LABELS, meta, source_ids
from swic.charts.figure import Figure

MAX_UNKNOWN = 1 / 3

SUBTOTALS = {
    # a category that adds up answers of a scale -> the answers it adds up
    "afgenomen (sterk of enigszins, samen)": ["Dit is sterk afgenomen", "Dit is enigszins afgenomen"],
    "toegenomen (sterk of enigszins, samen)": [
        "Dit is enigszins toegenomen",
        "Dit is de afgelopen jaren sterk toegenomen",
    ],
}

MISSING = (
    "? Dit cijfer ontbreekt in de tekstversie van het rapport waarmee deze site werkt; het rapport zelf "
    "toont het wel{where}."
)


def unknown_share(df: pd.DataFrame) -> float:
    return float(df["value"].isna().mean()) if len(df) else 0.0


def too_sparse(df: pd.DataFrame) -> bool:
    """More than a third of the values unknown: a table of what is known, not a chart."""
    return unknown_share(df) > MAX_UNKNOWN


def _where(df: pd.DataFrame) -> str:
    locs = [x for x in dict.fromkeys(df.get("locator", pd.Series(dtype=str))) if x]
    return f" ({', '.join(locs)})" if locs else ""


def _label_column(df: pd.DataFrame) -> pd.Series:
    item = df["item"] if "item" in df else pd.Series([""] * len(df), index=df.index)
    cat = df["category"]
    both = (item != "") & (cat.nunique() > 1)
    return pd.Series(
        [f"{i} – {c}" if b else (i or c) for i, c, b in zip(item, cat, both, strict=True)], index=df.index
    )


def sparse_figure(df: pd.DataFrame, title: str, description: str | None = None) -> Figure:
    """The known values of a mostly unknown figure as a small table, with the pointer to the report."""
    missing = int(df["value"].isna().sum())
    note = (
        f"Van deze figuur ontbreken {missing} van de {len(df)} cijfers in de tekstversie van het rapport "
        f"waarmee deze site werkt. Hier staan de cijfers die bekend zijn; de volledige figuur staat in het "
        f"rapport{_where(df)}."
    )
    return table_figure(df, title, note, description)


def table_figure(df: pd.DataFrame, title: str, note: str, description: str | None = None) -> Figure:
    """The known values of a figure as a small table with one note, instead of a chart that would
    mislead (mostly unknown, or groups that contain each other)."""
    known = df[df["value"].notna()]
    source, locator, n_text = meta(df)
    unit = df["unit"].iloc[0] if "unit" in df and len(df) else ""
    table = pd.DataFrame(
        {
            "Onderdeel": list(_label_column(known)),
            "Waarde": [
                fmt.value(v, unit, b)
                for v, b in zip(
                    known["value"], known.get("bound", pd.Series([""] * len(known))), strict=False
                )
            ],
        }
    )
    fig = Figure(
        None,
        title,
        description or f"Tabel met de bekende cijfers: {title}",
        table,
        source,
        locator,
        n_text,
        [note],
        sources=source_ids(df),
    )
    fig.about = about_notes(df)
    fig.kind = "table"
    return fig


def single_value_figure(df: pd.DataFrame, title: str) -> Figure:
    """One value: a key figure with its source, not a chart with one bar."""
    r = df.iloc[0]
    source, locator, n_text = meta(df)
    text = fmt.value(r["value"], r["unit"], r.get("bound", ""))
    table = pd.DataFrame({"Onderdeel": [r["category"]], "Waarde": [text]})
    fig = Figure(None, title, f"{title}: {text}", table, source, locator, n_text, [], sources=source_ids(df))
    fig.about = about_notes(df)
    fig.kind = "keyfigure"
    fig.keyfigure = (text, str(r["category"]))
    return fig


def resolve_subtotals(df: pd.DataFrame) -> pd.DataFrame:
    """Leave out a subtotal whose parts are all known; leave out unknown parts that a known subtotal
    stands in for. Either way no subtotal stands between its parts."""
    cats = {c.lower(): c for c in df["category"]}
    drop = set()
    for total, parts in SUBTOTALS.items():
        if total not in cats:
            continue
        present = [p for p in parts if p in set(df["category"])]
        known = df[df["category"].isin(present) & df["value"].notna()]
        total_known = df.loc[df["category"] == cats[total], "value"].notna().any()
        if present and len(known) == len(present):
            drop.add(cats[total])
        elif total_known:
            drop |= set(df[df["category"].isin(present) & df["value"].isna()]["category"])
    return df[~df["category"].isin(drop)] if drop else df


_SET = re.compile(r"(\d+)")


def _members(category: str) -> frozenset[int] | None:
    """The marks a group of a 1-10 scale stands for: 'Cijfer 6 of 7' -> {6, 7}; '8 of hoger' -> {8, 9, 10}."""
    c = str(category).lower()
    nums = [int(x) for x in _SET.findall(c)]
    if not nums or any(n > 10 for n in nums):
        return None
    if "hoger" in c:
        return frozenset(range(nums[0], 11))
    if "lager" in c:
        return frozenset(range(1, nums[-1] + 1))
    if re.search(r"\bt/m\b|\btot en met\b", c) and len(nums) == 2:
        return frozenset(range(nums[0], nums[1] + 1))
    return frozenset(nums)


def nested_groups(categories: list[str]) -> list[tuple[str, str]]:
    """Pairs (smaller, larger) of groups where one contains the other."""
    sets = {c: s for c in categories if (s := _members(c)) is not None}
    return [(a, b) for a in sets for b in sets if a != b and sets[a] < sets[b]]


def about_notes(df: pd.DataFrame) -> list[str]:
    """How the numbers were read, for 'Over deze cijfers' (closed)."""
    out = []
    q = set(df["quality"]) if "quality" in df else set()
    doc = "het rapport" if set(source_ids(df)) <= {"raadpleging-2025"} else "de bron"
    if q & {"chart-label", "chart-order"}:
        out.append(f"Een deel van de cijfers is afgelezen uit de labels van de grafiek in {doc}.")
    if "chart-order" in q:
        out.append(
            "Waar een label niet direct bij zijn staaf staat, is het geplaatst volgens de volgorde van de staven."
        )
    if "prose" in q:
        out.append(f"Cijfers met 'tekst' in de tabel komen uit de lopende tekst van {doc}.")
    if "derived" in q:
        out.append("* Afgeleid: berekend uit andere cijfers van het rapport; de tabel en de data zeggen hoe.")
    if "pdf" in q:
        out.append(
            "Een deel van de cijfers is afgelezen uit de pdf van het rapport (de data noemen de pagina)."
        )
    if "bound" in df and (df["bound"].fillna("") != "").any():
        out.append(
            "'Meer dan' of 'bijna': de bron noemt een grens, geen precies getal; zo'n staaf is lichter getekend."
        )
    for t in sorted(
        {t for n in df.get("note", pd.Series(dtype=str)).fillna("") for t in known_issues.tags(n)}
    ):
        out.append(f"known-issue:{t}")
    return out


def reader_notes(df: pd.DataFrame) -> list[str]:
    """What a reader needs to read the chart right, most important first (only the first is shown)."""
    out = []
    if "value" in df and df["value"].isna().any():
        out.append(MISSING.format(where=_where(df)))
    if "answer_type" in df and (df["answer_type"] == "multiple").any():
        if (df["unit"] == "percent").all():
            out.append("Meerdere antwoorden mogelijk: de percentages tellen op tot meer dan 100%.")
        else:
            out.append("Meerdere antwoorden mogelijk: deelnemers konden meer dan één antwoord geven.")
    return out


def notes(df: pd.DataFrame, extra_view: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(the note in view — at most one —, the notes for 'Over deze cijfers')."""
    view = reader_notes(df) + list(extra_view or [])
    return view[:1], view[1:] + about_notes(df)


__all__ = ["QUALITY_LABELS"]
