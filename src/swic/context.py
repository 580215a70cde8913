"""Turn the structured rows of the four context documents (``data/bronnen/``) into chart-ready rows.

The survey chapters chart rows of the survey data contract. The context pages (sector plan, advice,
annual plan 2018, sector size, timeline) chart other tables: key figures, actions, stakeholders,
a labour-market forecast. This module brings those rows into one small contract that the chart
builders in :mod:`swic.charts` accept:

``category, value, unit, quality, source, locator, n, year`` (plus ``note`` and ``bound``)

* ``unit`` is one of the units of ``cijfers.csv`` (persons, households, children, count, ...). A chart
  shows one unit; :func:`by_unit` splits rows so that units are never mixed on one axis.
* ``quality`` says how a value was read. Counts that this site computes itself (actions per actor,
  stakeholders per part) are ``derived`` and their ``note`` says how they were counted.
* ``n`` is always present (the builders' tables expect it) and empty: these are not survey answers.
* ``year`` is empty when the document names no year; :func:`year_text` writes that out in Dutch.

It also holds the few helpers the context pages share: cross tables for :func:`charts.heatmap`, the stakeholder
matrix of the annual plan, the timeline rows, facts of one key figure or event (its year, its value in
words), and :func:`annotate`, which adds unit, year, source and locator to a figure's table and CSV and
names every source of a chart that combines documents. What each page computes from these is in
:mod:`swic.documents`.
"""

from __future__ import annotations

import re

import pandas as pd

from swic import charts, data, fmt, markup

COLUMNS = ["category", "value", "unit", "quality", "source", "locator", "n", "year", "note", "bound"]
"""The chart-ready contract (``note`` and ``bound`` are carried along for tables and text). ``bound`` is the
document's qualifier of a number ('bijna', 'ruim', 'circa') in the vocabulary of :data:`swic.fmt.BOUND_WORDS`,
empty when the document gives the number as it is; the chart builders put it in labels and tables."""

KIND_NL = {"publicatie": "publicatie", "beleid": "beleid", "onderzoek": "onderzoek", "mijlpaal": "mijlpaal"}

ACTION_TYPE_NL = {
    "onderzoek": "Onderzoek",
    "curriculum": "Lesprogramma",
    "lobby-agenda": "Lobby en agendering",
    "netwerk": "Netwerk en kennisdeling",
    "arbeidsvoorwaarden": "Arbeidsvoorwaarden",
    "professionalisering": "Professionalisering",
    "instroom": "Instroom en doorstroom",
}

COLUMN_NL = {"type": "soort", "actors": "betrokkene", "part": "onderdeel", "theme": "thema", "kind": "soort"}

PEOPLE_UNITS = {"persons", "children"}
"""Units that count people: a survey row counted in the generic unit 'count' may be relabelled to one
of these (see :func:`from_survey`) when what it counts are people."""


class ContextError(ValueError):
    """Rows that cannot be turned into one honest chart (mixed units, unknown ids, empty selection)."""


# --------------------------------------------------------------------------- rows in the contract


def _record(r: pd.Series, category: str) -> dict:
    """One chart-ready row from a row of a bronnen dataset (value, unit, year, provenance, bound)."""
    keep = ("value", "unit", "quality", "source", "locator", "year", "note")
    return {"category": category, **{k: r[k] for k in keep}, "bound": r.get("bound", "")}


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(records, columns=COLUMNS)
    df["value"] = df["value"].astype(float)
    df["n"] = pd.array([pd.NA] * len(df), dtype="Int64")
    df["year"] = pd.array(df["year"].tolist(), dtype="Int64")
    df["bound"] = df["bound"].fillna("").astype(str)
    df["note"] = df["note"].fillna("").astype(str)
    return df.reset_index(drop=True)


def from_cijfers(
    cijfers: pd.DataFrame,
    *,
    topic: str | None = None,
    source: str | None = None,
    ids: list[str] | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """Key figures (``cijfers.csv``) as chart rows; the indicator becomes the category.

    Select by ``topic``, ``source``, ``unit`` and/or an explicit list of ``ids`` (kept in that order;
    an unknown id raises :class:`ContextError`). Unreadable values are dropped: a chart of key figures
    has no bar for a number that is not there.
    """
    sel = cijfers
    if ids is not None:
        missing = [i for i in ids if i not in set(cijfers["id"])]
        if missing:
            raise ContextError(f"unknown cijfers id(s): {missing}")
        sel = cijfers.set_index("id", drop=False).loc[ids]
    if topic is not None:
        sel = sel[sel["topic"] == topic]
    if source is not None:
        sel = sel[sel["source"] == source]
    if unit is not None:
        sel = sel[sel["unit"] == unit]
    sel = sel[sel["value"].notna()]
    records = [_record(r, r["indicator"]) for _, r in sel.iterrows()]
    out = _frame(records)
    out.index = pd.Index(list(sel["id"]), name="id")
    return out


def as_stated(cijfers: pd.DataFrame, cid: str, text: str) -> str:
    """``text``, a formatted value of key figure ``cid``, with the document's bound before it, as the
    document states it: 'bijna 550', 'ongeveer 1,4 miljoen'. Prose never types that word itself."""
    rows = cijfers[cijfers["id"] == cid]
    if rows.empty:
        raise ContextError(f"unknown cijfers id {cid!r}")
    return fmt.bounded(text, rows["bound"].iloc[0])


def from_survey(
    survey: pd.DataFrame, locator: str, question: str, *, unit: str | None = None
) -> pd.DataFrame:
    """Survey rows (one question of the raadpleging) as chart rows. The category is the survey's item and
    category, followed by its group in brackets when there is one (for figures the report quotes from
    other sources, the group names that source, e.g. 'AZW 2024').

    ``unit`` relabels the generic unit 'count' to a unit that says *what* is counted (persons or
    children), so that the rows can stand next to key figures in that unit. Any other relabelling
    raises :class:`ContextError`: a percentage never becomes a head count.
    """
    sel = survey[(survey["locator"] == locator) & (survey["question"] == question) & survey["value"].notna()]
    if sel.empty:
        raise ContextError(f"no readable survey rows for {locator!r}, {question!r}")
    if unit is not None:
        wrong = set(sel["unit"]) - {"count", unit}
        if unit not in PEOPLE_UNITS or wrong:
            raise ContextError(f"cannot relabel unit(s) {sorted(set(sel['unit']))} as {unit!r}")
    records = []
    for _, r in sel.iterrows():
        relabelled = unit is not None and r["unit"] != unit
        note = (
            r["note"] + (" Het aantal uit de raadpleging gelezen als aantal personen." if relabelled else "")
        ).strip()
        records.append(
            {
                "category": " – ".join(x for x in (r["item"], r["category"]) if x)
                + (f" ({r['group']})" if r["group"] else ""),
                "value": r["value"],
                "unit": unit or r["unit"],
                "quality": r["quality"],
                "source": r["source"],
                "locator": r["locator"],
                "year": r["year"],
                "note": note.strip(),
                "bound": r.get("bound", ""),
            }
        )
    return _frame(records)


def forecast(arbeidsmarkt: pd.DataFrame, *, include_total: bool = False) -> pd.DataFrame:
    """The sector plan's labour-market forecast, one row per occupation, level and year.

    The category is 'occupation (level)', as the plan's table prints it. The plan's own total row is
    left out unless ``include_total``: next to its parts it would dwarf them on the same axis.
    """
    sel = arbeidsmarkt if include_total else arbeidsmarkt[~arbeidsmarkt["is_total"].astype(bool)]
    records = [_record(r, f"{r['occupation']} ({r['level']})") for _, r in sel.iterrows()]
    return _frame(records)


def forecast_total_matches(arbeidsmarkt: pd.DataFrame) -> dict[int, tuple[float, float]]:
    """Per year, (sum of the occupations, the plan's total). Equal pairs mean the table adds up."""
    out = {}
    for year, grp in arbeidsmarkt.groupby("year"):
        parts = grp[~grp["is_total"].astype(bool)]["value"].sum()
        total = grp[grp["is_total"].astype(bool)]["value"].sum()
        out[int(year)] = (float(parts), float(total))
    return out


# --------------------------------------------------------------------------- counts we compute


def split_list(cell: str, sep: str = ";") -> list[str]:
    """'A;B; C' -> ['A', 'B', 'C'] (empty cell -> [])."""
    return [p.strip() for p in str(cell).split(sep) if p.strip()]


def count_by(
    rows: pd.DataFrame,
    column: str,
    *,
    source: str,
    locator: str,
    what: str,
    split: bool = False,
    labels: dict[str, str] | None = None,
    order: list[str] | None = None,
) -> pd.DataFrame:
    """Count rows per value of ``column`` (e.g. actions per type), as derived chart rows.

    With ``split`` the column holds semicolon-separated lists (e.g. the actors of an action) and a row
    counts once for each of its values, so the counts add up to the number of mentions, not of rows.
    ``what`` names what is counted ('acties'); it goes into the note of every row. ``labels`` maps
    codes to Dutch labels; ``order`` fixes the order of the categories (else: largest first, then
    alphabetical).
    """
    values: list[str] = []
    for cell in rows[column]:
        values.extend(split_list(cell) if split else [str(cell)])
    if not values:
        raise ContextError(f"nothing to count in column {column!r}")
    counts = pd.Series(values).value_counts()
    keys = order or sorted(counts.index, key=lambda k: (-counts[k], k.lower()))
    how = (
        f"Geteld door deze site: aantal {what} per {COLUMN_NL.get(column, column)}"
        + (" (een regel met meer waarden telt voor elke waarde één keer)" if split else "")
        + "."
    )
    records = [
        {
            "category": (labels or {}).get(k, k),
            "value": float(counts.get(k, 0)),
            "unit": "count",
            "quality": "derived",
            "source": source,
            "locator": locator,
            "year": None,
            "note": how,
            "bound": "",
        }
        for k in keys
    ]
    return _frame(records)


def crosstab(
    rows: pd.DataFrame,
    *,
    x: str,
    y: str,
    split_x: bool = False,
    x_order: list[str] | None = None,
    y_order: list[str] | None = None,
) -> pd.DataFrame:
    """Long table ``x, y, aantal`` with every combination (zeros included), for :func:`charts.heatmap`.

    With ``split_x`` the ``x`` column holds semicolon-separated lists and a row counts once in each.
    """
    pairs = []
    for _, r in rows.iterrows():
        for xv in split_list(r[x]) if split_x else [r[x]]:
            pairs.append((xv, r[y]))
    xs = x_order or list(dict.fromkeys(p[0] for p in pairs))
    ys = y_order or list(dict.fromkeys(p[1] for p in pairs))
    unknown = {p[0] for p in pairs} - set(xs)
    if unknown:
        raise ContextError(f"values of {x!r} not in x_order: {sorted(unknown)}")
    counts = pd.Series(pairs, dtype=object).value_counts() if pairs else pd.Series(dtype=int)
    out = [{x: xv, y: yv, "aantal": int(counts.get((xv, yv), 0))} for yv in ys for xv in xs]
    return pd.DataFrame(out, columns=[x, y, "aantal"])


def canonical_names(names: pd.Series) -> pd.Series:
    """Merge spellings of one name that differ only in capitals ('MOVISIE', 'Movisie'): each takes the
    spelling the source uses most often (on a tie, the first one it uses).

    A name written all in lower case ('ggz', 'gemeenten') is a kind of organisation rather than a named
    one, so it is never merged with a capitalised name ('GGZ' may be the branch association GGZ
    Nederland, 'ggz' the mental-health sector).
    """

    def key(n: str):
        return ("generic", n) if n == n.lower() else ("name", n.casefold())

    first_seen = {n: i for i, n in reversed(list(enumerate(names)))}
    counts = names.value_counts()
    best: dict = {}
    for n in names:
        cur = best.get(key(n))
        if cur is None or (counts[n], -first_seen[n]) > (counts[cur], -first_seen[cur]):
            best[key(n)] = n
    return names.map(lambda n: best[key(n)])


def stakeholder_matrix(
    stakeholders: pd.DataFrame, parts: list[str], *, min_parts: int = 2
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The annual plan's stakeholders as (matrix, rest).

    ``matrix``: long rows ``organisatie, onderdeel, aantal`` (1 = named under that part, 0 = not) for
    the organisations named under at least ``min_parts`` parts, most often named first.
    ``rest``: one row per other organisation with the parts it is named under.
    Spellings that differ only in capitals are merged first (:func:`canonical_names`).
    """
    st = stakeholders.assign(organisation=canonical_names(stakeholders["organisation"]))
    st = st.drop_duplicates(["part", "organisation"])
    per_org = st.groupby("organisation")["part"].nunique()
    frequent = sorted(per_org[per_org >= min_parts].index, key=lambda o: (-per_org[o], o.lower()))
    matrix = crosstab(st[st["organisation"].isin(frequent)], x="part", y="organisation", x_order=parts)
    matrix["organisation"] = pd.Categorical(matrix["organisation"], categories=frequent, ordered=True)
    matrix = matrix.sort_values(["organisation"], kind="stable").reset_index(drop=True)
    matrix["organisation"] = matrix["organisation"].astype(str)
    rest = (
        st[~st["organisation"].isin(frequent)]
        .groupby("organisation", sort=False)["part"]
        .agg(lambda s: ", ".join(s))
        .reset_index()
    )
    rest = rest.sort_values("organisation", key=lambda s: s.str.lower(), kind="stable").reset_index(drop=True)
    return matrix, rest


# --------------------------------------------------------------------------- units and years


def by_unit(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rows split by unit, in order of first appearance: one chart per unit, never two units on an axis."""
    return {u: rows[rows["unit"] == u] for u in dict.fromkeys(rows["unit"])}


def one_unit(rows: pd.DataFrame) -> str:
    """The single unit of these rows; raises :class:`ContextError` when they mix units."""
    units = list(dict.fromkeys(rows["unit"]))
    if len(units) != 1:
        raise ContextError(f"one chart shows one unit; these rows mix {units}")
    return units[0]


def year_text(year) -> str:
    """2022 -> '2022'; empty -> 'geen jaar genoemd'."""
    return "geen jaar genoemd" if year is None or pd.isna(year) else str(int(year))


def source_names(ids) -> str:
    """Short names of one or more documents, in order of first appearance, joined by '; '."""
    return "; ".join(data.short_name(i) for i in dict.fromkeys(ids))


# --------------------------------------------------------------------------- facts the pages share


def event_year(event_id: str) -> str:
    """The year of one event of the timeline (``tijdlijn.csv``, any document), as text: '2014'."""
    return str(data.load_resource("tijdlijn").set_index("id").loc[event_id, "year"])


def key_figure_row(figure_id: str) -> pd.Series:
    """One row of ``cijfers.csv`` (indicator, value, unit, year, bound, cited source, ...)."""
    cf = data.load_resource("cijfers").set_index("id", drop=False)
    if figure_id not in cf.index:
        raise ContextError(f"unknown cijfers id {figure_id!r}")
    return cf.loc[figure_id]


def key_figure_year(figure_id: str) -> str:
    """The year of a key figure as text: '2020', or 'geen jaar genoemd'."""
    return year_text(key_figure_row(figure_id)["year"])


def share_subject(figure_id: str) -> str:
    """What a share among a group counts, from its indicator without 'Aandeel ': '12- tot 18-jarigen
    geregistreerd als verdachte van een misdrijf'."""
    return key_figure_row(figure_id)["indicator"].removeprefix("Aandeel ")


def year_since(figure_id: str) -> str:
    """The year in 'sinds 2008' of a key figure's indicator ('Krimp van de branche sinds 2008')."""
    found = re.search(r"sinds (\d{4})", key_figure_row(figure_id)["indicator"])
    if found is None:
        raise ContextError(f"key figure {figure_id!r} says no 'sinds <year>'")
    return found[1]


def in_millions(value) -> str:
    """A value (a :class:`swic.page.Value`) with millions written out and the document's bound, without its
    unit: 'ongeveer 1,4 miljoen'."""
    return fmt.bounded(fmt.big(float(value)), value.bound)


def times_word(ratio: float) -> str:
    """'ruim het dubbele (een factor 2,3)' for 2.3; 'een factor 1,6' where no multiple is near."""
    n = round(ratio)
    base = {2: "het dubbele", 3: "het drievoudige", 4: "het viervoudige"}.get(n)
    factor = f"een factor {fmt.number(ratio, 1)}"
    if base is None or abs(ratio - n) > 0.35:
        return factor
    if abs(ratio - n) < 0.05:
        return base
    return ("ruim " if ratio > n else "bijna ") + base + f" ({factor})"


def value_list(rows: pd.DataFrame) -> str:
    """'category: value with its unit; …' for a figure's description ('Dakloze mensen: 40.000 personen')."""
    return "; ".join(f"{r.category}: {fmt.value(r.value, r.unit, nouns=True)}" for r in rows.itertuples())


DOCUMENT_NAMES = {
    "wat-is-sociaal-werk": "folder Wat is sociaal werk",
    "sectorplan-hss-2023": "sectorplan",
    "advies-swn-2022": "advies",
    "jaarplan-swn-2018": "jaarplan 2018",
}
"""How a label names the document a key figure comes from when it cites no source of its own."""


def with_origin(rows: pd.DataFrame) -> pd.DataFrame:
    """Key-figure rows (of :func:`from_cijfers`) labelled with who counted each and for which year, so that
    a bar says what it is: 'Sociaal werkers in Nederland (folder Wat is sociaal werk, zonder peiljaar)'."""
    cited = data.load_resource("cijfers").set_index("id")["cited_source"]
    who = [cited.get(i) or DOCUMENT_NAMES.get(s, s) for i, s in zip(rows.index, rows["source"], strict=True)]
    who = [w.split(",")[0] for w in who]  # 'CBS, dossier …' -> 'CBS'
    return rows.assign(
        category=[
            f"{c} ({w}, {'zonder peiljaar' if pd.isna(y) else y})"
            for c, w, y in zip(rows["category"], who, rows["year"], strict=True)
        ]
    )


def summary_table(rows: pd.DataFrame, title: str, summary: str, caption: str) -> markup.HTML:
    """A table of rows' ``title`` and ``summary`` (concepts, crises, tasks), under the headers given."""
    df = rows[["title", "summary"]].rename(columns={"title": title, "summary": summary})
    return markup.HTML(markup.table(df.reset_index(drop=True), caption))


# --------------------------------------------------------------------------- figures


def annotate(fig: charts.Figure, rows: pd.DataFrame) -> charts.Figure:
    """Add unit, year, source and locator to a bar chart's table and CSV, one line per bar.

    A chart that combines documents points to the table for its locators, one per bar. ``rows`` must
    be the rows the figure was built from,
    in the same order (:func:`charts.distribution_bar` keeps the input order in its table).
    """
    if len(fig.data) != len(rows) or list(fig.data.iloc[:, 0]) != list(rows["category"]):
        raise ContextError("annotate() needs the rows the figure was built from, in the same order")
    d = fig.data.drop(columns=[c for c in ("n",) if c in fig.data])
    d["Eenheid"] = [fmt.UNIT_NOUNS.get(u, u) for u in rows["unit"]]
    d["Jaar"] = [year_text(y) for y in rows["year"]]
    d["Bron"] = [data.short_name(s) for s in rows["source"]]
    d["Vindplaats"] = list(rows["locator"])
    fig.data = d.reset_index(drop=True)
    sources = list(dict.fromkeys(rows["source"]))
    if len(sources) > 1:
        fig.source = source_names(sources)
        fig.locator = "vindplaats per cijfer in de tabel"
    return fig


def bar(
    rows: pd.DataFrame, title: str, description: str, *, sort: bool = True, notes: list[str] | None = None
) -> charts.Figure:
    """A bar chart of rows in one unit, with unit, year, source and locator in its table and CSV.

    Raises :class:`ContextError` when the rows mix units.
    """
    if rows.empty:
        raise ContextError(f"no rows to chart for {title!r}")
    unit = one_unit(rows)
    fig = charts.distribution_bar(rows.reset_index(drop=True), title, description, sort=sort)
    annotate(fig, rows.reset_index(drop=True))
    fig.notes = [f"Eenheid: {fmt.UNIT_NOUNS.get(unit, unit)}."] + fig.notes + list(notes or [])
    return fig


def timeline_rows(tijdlijn: pd.DataFrame, *, source: str = "") -> pd.DataFrame:
    """Events of the timeline (``tijdlijn.csv``) for :func:`charts.timeline`; ``source`` keeps only the
    events one document names (empty: all documents)."""
    sel = tijdlijn if not source else tijdlijn[tijdlijn["source"] == source]
    if sel.empty:
        raise ContextError(f"no timeline events for source {source!r}")
    out = sel.assign(
        kind=sel["kind"].map(KIND_NL).fillna(sel["kind"]),
        bron=[data.short_name(s) for s in sel["source"]],
    )
    return out[["year", "date", "event", "kind", "bron", "locator", "source"]].reset_index(drop=True)


def timeline(
    rows: pd.DataFrame, title: str, description: str, *, notes: list[str] | None = None
) -> charts.Figure:
    """:func:`charts.timeline` for rows of :func:`timeline_rows`, with date, document and locator of
    every event in the figure's table and CSV (the builder keeps only year, event and kind)."""
    sources = list(dict.fromkeys(rows["source"]))
    fig = charts.timeline(rows, title, description, source=source_names(sources), notes=notes)
    # the builder sorts by year, then event (stable); sort the same way to line the extra columns up
    ordered = rows.sort_values(["year", "event"], kind="stable").reset_index(drop=True)
    if list(ordered["event"]) != list(fig.data["Gebeurtenis"]):
        raise ContextError("timeline table and rows are not in the same order")
    d = fig.data.copy()
    d.insert(1, "Datum", [fmt.date(x) for x in ordered["date"]])
    d["Genoemd in"] = list(ordered["bron"])
    d["Vindplaats"] = list(ordered["locator"])
    fig.data = d
    fig.locator = "vindplaats per gebeurtenis in de tabel" if len(sources) > 1 else ""
    return fig
