"""The raadpleging's figures: pick rows from the survey data, chart them, quote their values.

``survey.figure(df, "Figuur 1.1")`` chooses the right builder from the rows' shape; ``survey.value(df,
"Tabel 1.1", "Gemeente")`` returns one number (and fails loudly, naming the locator, when it is not in the
data). Chapters reach these through the chapter API (:mod:`swic.page`).
"""

from __future__ import annotations

import pandas as pd

from swic import charts, data, fmt, locators


class MissingValue(LookupError):
    pass


def rows(
    df: pd.DataFrame, locator: str, *, year: int | None = None, question: str | None = None
) -> pd.DataFrame:
    sel = df[df["locator"] == locator]
    if question is not None:
        sel = sel[sel["question"] == question]
    if year is not None:
        sel = sel[sel["year"] == year]
    if sel.empty:
        raise MissingValue(f"no data for locator {locator!r}" + (f" and year {year}" if year else ""))
    return sel


def value(
    df: pd.DataFrame,
    locator: str,
    category: str,
    *,
    item: str = "",
    group: str = "",
    year: int | None = None,
    unit: str | None = None,
) -> float:
    sel = df[
        (df["locator"] == locator)
        & (df["category"] == category)
        & (df["item"] == item)
        & (df["group"] == group)
    ]
    if year is not None:
        sel = sel[sel["year"] == year]
    if unit is not None:
        sel = sel[sel["unit"] == unit]
    if len(sel) != 1:
        what = (
            f"{locator!r}, category {category!r}"
            + (f", item {item!r}" if item else "")
            + (f", group {group!r}" if group else "")
            + (f", year {year}" if year else "")
        )
        raise MissingValue(f"expected exactly one value for {what}, found {len(sel)}")
    v = sel["value"].iloc[0]
    if pd.isna(v):
        raise MissingValue(f"the value for {locator!r}, {category!r} is not recoverable from the source")
    return float(v)


def value_text(
    df: pd.DataFrame,
    locator: str,
    category: str,
    *,
    item: str = "",
    group: str = "",
    year: int | None = None,
    unit: str | None = None,
) -> str:
    """A value as text for prose, with its bound and unit: '32%', 'meer dan 40%', '1.191'.

    Use this (not :func:`value`) wherever the data may hold a bound ('meer dan 40 procent').
    """
    sel = _select(df, locator, category, item=item, group=group, year=year, unit=unit)
    v = value(df, locator, category, item=item, group=group, year=year, unit=unit)
    u = sel["unit"].iloc[0]
    bound = sel["bound"].iloc[0] if "bound" in sel else ""
    return fmt.value(v, u, bound)


def _select(df, locator, category, *, item="", group="", year=None, unit=None) -> pd.DataFrame:
    sel = df[
        (df["locator"] == locator)
        & (df["category"] == category)
        & (df["item"] == item)
        & (df["group"] == group)
    ]
    if year is not None:
        sel = sel[sel["year"] == year]
    if unit is not None:
        sel = sel[sel["unit"] == unit]
    return sel


def value_sum(
    df: pd.DataFrame, locator: str, categories: list[str], *, item: str = "", year: int | None = None
) -> float:
    """The sum of several answer categories of one statement, e.g. 'mee eens' + 'helemaal mee eens'.

    Each category must have a readable value (see :func:`value`); a missing one fails loudly instead
    of being counted as zero.
    """
    return sum(value(df, locator, c, item=item, year=year) for c in categories)


def n_of(df: pd.DataFrame, locator: str, year: int | None = None) -> int:
    ns = rows(df, locator, year=year)["n"].dropna().unique()
    if len(ns) != 1:
        raise MissingValue(f"{locator!r} has no single n (found {list(ns)})")
    return int(ns[0])


def kind(sel: pd.DataFrame) -> str:
    """Which builder fits these rows: 'comparison', 'likert' or 'distribution'."""
    if sel["year"].nunique() > 1:
        return "comparison"
    items = [i for i in dict.fromkeys(sel["item"]) if i]
    if len(items) > 1 and (sel["answer_type"] == "single").all():
        return "likert"
    return "distribution"


def plain_title(source: str, locator: str, default: str) -> str:
    """The title this site gives a table or figure of the report where a page chooses none: the question in
    plain words from the coverage manifest (``plain_title``), not the report's caption. ``default`` (the
    rows' question) serves rows of a locator the manifest does not list, which validation allows only
    outside data/ (a test's own rows)."""
    cov = data.load_resource(f"{source}-coverage").set_index("locator")
    return str(cov.at[locator, "plain_title"]) if locator in cov.index else default


def figure(
    df: pd.DataFrame,
    locator: str,
    title: str | None = None,
    *,
    year: int | None = None,
    question: str | None = None,
    unit: str | None = None,
    sort: bool | None = None,
    description: str | None = None,
) -> charts.Figure:
    """Chart one table or figure of the report with the builder that fits its rows.

    When half or more of the chosen rows are not recoverable and the report's text states numbers for
    the same figure (another question under the same locator), those stated numbers are charted
    instead, with a note; the table keeps every row.
    """
    sel = rows(df, locator, year=year, question=question)
    if unit is None and sel["unit"].nunique() > 1:
        unit = sel["unit"].value_counts().index[0]
    if unit is not None:
        sel = sel[sel["unit"] == unit]
    extra_notes: list[str] = []
    if sel["question"].nunique() > 1 and question is None:
        # the first question with readable values (a figure often has an unreadable chart row and the
        # text's summary of it under a second question)
        readable = sel[sel["value"].notna()]
        first = readable["question"].iloc[0] if not readable.empty else sel["question"].iloc[0]
        chosen = sel[sel["question"] == first]
        if chosen["value"].isna().mean() >= 0.5:
            stated = readable[(readable["question"] != first) & (readable["quality"] == "prose")]
            if not stated.empty:
                other = stated["question"].iloc[0]
                chosen = sel[sel["question"] == other]
                extra_notes.append(
                    "De labels van deze grafiek ontbreken grotendeels in onze tekstversie van het rapport; hier "
                    "staan de cijfers die de tekst "
                    "erover noemt."
                )
        sel = chosen
    caption = title or plain_title(sel["source"].iloc[0], locator, sel["question"].iloc[0])
    k = kind(sel)
    if k == "comparison":
        by = "item" if (sel["item"] != "").any() else "category"
        if by == "item" and sel["category"].nunique() > 1:
            sel = sel.assign(item=sel["item"] + " – " + sel["category"])
        if (sel["group"] != "").any():  # other sources the report sets beside it (labour-market figures)
            sel = sel.assign(series=[series_label(r) for _, r in sel.iterrows()])
            fig = charts.comparison_bar(
                sel, caption, description, by=by, series="series", comparability=comparability_of(sel, by)
            )
        else:
            fig = charts.comparison_bar(
                sel, caption, description, by=by, comparability=comparability_of(sel, by)
            )
    elif k == "likert":
        fig = (
            charts.likert_bar(sel, caption, description)
            if charts.stackable(sel)
            else charts.grouped_bar(sel, caption, description)
        )
    elif sel["item"].nunique() > 1 and sel["category"].nunique() > 1:
        # several statements with several answers each that are not one distribution (e.g. two
        # behaviours per statement): separate bars, never stacked, never one row per answer
        fig = charts.grouped_bar(sel, caption, description)
    else:
        if (sel["item"] != "").any() and sel["category"].nunique() == 1:
            sel = sel.assign(category=sel["item"])
        if sort is None:
            sort = (sel["answer_type"].isin(["multiple", "open"])).all()
        fig = charts.distribution_bar(sel, caption, description, sort=sort)
    fig.about = extra_notes + fig.about  # how the numbers were read: under 'Over deze cijfers'
    return fig


COMPARABILITY = "raadpleging-{edition}-vergelijkbaarheid"


def comparability_of(sel: pd.DataFrame, by: str, edition: int = 2025) -> dict[str, tuple[str, str]]:
    """Verdicts from ``vergelijkbaarheid.csv`` for the bars of a comparison, keyed by their ``by`` label:
    a verdict for (locator, question, item), or for the whole question (item empty)."""
    name = COMPARABILITY.format(edition=edition)
    if name not in data.resources():
        return {}
    reg = data.load_resource(name)
    out: dict[str, tuple[str, str]] = {}
    for _, r in sel.drop_duplicates(["locator", "question", "item", by]).iterrows():
        hit = reg[(reg["locator"] == r["locator"]) & (reg["question"] == r["question"])]
        exact = hit[hit["item"] == r["item"]]
        whole = hit[hit["item"] == ""]
        pick = exact if not exact.empty else whole
        if not pick.empty:
            out[r[by]] = (pick["verdict"].iloc[0], pick["reason"].iloc[0])
    return out


def apply_min_n(df: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Drop breakdowns (rows for a sub-group) based on fewer than ``min_n`` respondents."""
    small = (df["group"] != "") & df["n"].notna() & (df["n"] < min_n)
    return df[~small]


def series_label(row) -> str:
    """Legend label of a comparison bar: the source's own group, else the raadpleging's fieldwork year."""
    return row["group"] or f"Raadpleging, veldwerk {row['year']}"


def comparison(
    df: pd.DataFrame,
    locator: str,
    *,
    baseline: int | None,
    item: str | None = None,
    title: str | None = None,
    year: int = 2024,
) -> charts.Figure:
    """Compare this edition with a baseline edition (and any other series the source gives, such as
    labour-market figures). With ``baseline=None`` only this edition's values are shown."""
    sel = rows(df, locator)
    if item is not None:
        sel = sel[sel["item"] == item]
    sel = sel[sel["value"].notna()]
    keep = sel["year"].eq(year) | (sel["year"].eq(baseline) if baseline is not None else False)
    sel = sel[keep]
    if sel.empty:
        raise MissingValue(f"no values to compare for {locator!r}" + (f", item {item!r}" if item else ""))
    if sel["unit"].nunique() > 1:
        sel = sel[sel["unit"] == sel["unit"].value_counts().index[0]]
    sel = sel.assign(series=[series_label(r) for _, r in sel.iterrows()])
    caption = title or plain_title(sel["source"].iloc[0], locator, sel["question"].iloc[0])
    return charts.comparison_bar(
        sel, caption, by="category", series="series", comparability=comparability_of(sel, "category")
    )


# --------------------------------------------------------------------------- comparisons between editions

AGREE = {"mee eens", "helemaal mee eens", "eens", "helemaal eens", "(helemaal) mee eens"}
AGREE_LABEL = "(Helemaal) mee eens"


def comparable(df: pd.DataFrame, baseline: int, year: int = 2024) -> list[tuple[str, str]]:
    """(locator, question) pairs that have readable values for both ``year`` and ``baseline``,
    in the order of the report."""
    readable = df[df["value"].notna()]
    both = readable[readable["year"].isin([year, baseline])]
    # one grouping over all figures (a loop over the figures grouped each one twice: most of a validation)
    per_key = both.groupby(["locator", "question", "item", "category", "unit"])["year"].nunique()
    per_item = both.groupby(["locator", "question", "item", "unit"])["year"].nunique()
    with_key = set(per_key[per_key == 2].index.droplevel(["item", "category", "unit"]))
    items_in_both = (per_item == 2).groupby(level=["locator", "question"]).sum()
    with_items = set(items_in_both[items_in_both > 1].index)
    pairs = readable.groupby(["locator", "question"], sort=False).size().index  # in the order of the data
    out = [(loc, q) for loc, q in pairs if (loc, q) in with_key or (loc, q) in with_items]
    order = {
        loc: i for i, loc in enumerate(dict.fromkeys(df.sort_values("chapter", kind="stable")["locator"]))
    }
    return sorted(out, key=lambda lq: order[lq[0]])


def agreement(sel: pd.DataFrame) -> pd.DataFrame:
    """Per statement and year, the share that agrees (the 'mee eens' categories added up).

    The result is a derived value: its quality says so and its note names the categories summed. A
    statement whose agree categories are not all readable is left out rather than undercounted.
    """
    out = []
    for (_item, _year), grp in sel.groupby(["item", "year"], sort=False):
        agree = grp[grp["category"].str.lower().isin(AGREE)]
        if agree.empty or agree["value"].isna().any():
            continue
        first = agree.iloc[0]
        cats = " + ".join(f"'{c}'" for c in agree["category"])
        out.append(
            {
                **first.to_dict(),
                "category": AGREE_LABEL,
                "value": float(agree["value"].sum()),
                "quality": "derived",
                "note": f"Som van {cats} zoals de bron ze geeft",
            }
        )
    return pd.DataFrame(out, columns=sel.columns)


def edition_comparison(
    df: pd.DataFrame, locator: str, question: str, *, baseline: int, year: int = 2024
) -> charts.Figure:
    """One comparison chart of ``year`` against ``baseline``: statements (Likert) as the share that
    agrees, other questions category by category."""
    sel = df[(df["locator"] == locator) & (df["question"] == question) & df["year"].isin([year, baseline])]
    shown = locators.for_readers(locator)
    title = question if question.lower().startswith(locator.lower()) else f"{shown}: {question}"
    items = [i for i in dict.fromkeys(sel["item"]) if i]
    if len(items) > 1 and sel["category"].str.lower().isin(AGREE).any():
        agree = agreement(sel)
        both = agree.groupby("item")["year"].nunique()
        agree = agree[agree["item"].isin(both[both == 2].index)]
        if agree.empty:
            raise MissingValue(f"{locator!r}: no statement has readable agree-shares in both years")
        agree = agree.assign(series=[series_label(r) for _, r in agree.iterrows()])
        return charts.comparison_bar(
            agree,
            f"{title} (aandeel {AGREE_LABEL.lower()})",
            by="item",
            series="series",
            comparability=comparability_of(agree, "item"),
        )
    sel = sel[sel["value"].notna()]
    if sel["unit"].nunique() > 1:
        sel = sel[sel["unit"] == sel["unit"].value_counts().index[0]]
    by = "category"
    if items and sel["category"].nunique() > 1 and len(items) > 1:
        sel = sel.assign(category=sel["item"] + " – " + sel["category"])
    elif items and sel["category"].nunique() == 1:
        by = "item"
    # keep only categories present in both years, so that every bar has its partner
    counts = sel.groupby(by)["year"].nunique()
    sel = sel[sel[by].isin(counts[counts == 2].index)]
    if sel.empty:
        raise MissingValue(f"{locator!r}, {question!r}: nothing readable in both years")
    sel = sel.assign(series=[series_label(r) for _, r in sel.iterrows()])
    return charts.comparison_bar(sel, title, by=by, series="series", comparability=comparability_of(sel, by))
