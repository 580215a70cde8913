"""Checks on the raadpleging: the data contract, the same figure quoted alike in two places, the coverage
manifest against the report and the data, and a verdict for every comparison with 2020."""

from __future__ import annotations

import re

import pandas as pd

from swic import contract, data, locators, paths, sources, survey
from swic.tableschema import records
from swic.validation.base import (
    Problem,
    SourcesUnavailable,
    broken_locators,
    from_error,
    known_issue_ids,
    source_lines,
    survey_frames,
    survey_table,
    unreadable_chapters,
)


def check_survey() -> list[Problem]:
    out: list[Problem] = []
    known = known_issue_ids()
    for ed in data.editions():
        try:
            coverage = set(data.load_resource(f"raadpleging-{ed}-coverage")["locator"])
        except data.DataError:
            coverage = None
        for res, df in survey_frames(ed):
            errors: list = []
            contract.check_survey_rules(
                df.drop(columns=["file", "row"]), res.path, known, coverage, errors=errors
            )
            out += [from_error("survey", e) for e in errors]
        out += _survey_consistency(ed)
        out += _answer_sums(ed)
    return out


# A note that says a label was put in its place by the order of the bars or the legend, not read beside it.
ORDER_NOTE = re.compile(
    r"volgorde van de (legenda|grafiek|staven|delen)|[Gg]elezen als|Toegekend aan|op volgorde van|rechterdelen|"
    r"rechtse labels|rechtereinde|van hoog naar laag"
)


def _survey_consistency(edition: int) -> list[Problem]:
    out: list[Problem] = []
    df = survey_table(edition)
    if df.empty:
        return out
    # a label placed by the order of bars or legend is chart-order, and says how it was placed
    for _, r in records(df[df["quality"].isin(["chart-label", "chart-order"])]):
        placed = bool(ORDER_NOTE.search(str(r["note"])))
        if r["quality"] == "chart-label" and placed:
            out.append(
                Problem(
                    "survey",
                    r["file"],
                    "the note says this label was placed by the order of bars or legend",
                    int(r["row"]) + 1,
                    "quality",
                    "chart-label",
                    "chart-order",
                )
            )
        elif r["quality"] == "chart-order" and not str(r["note"]).strip():
            out.append(
                Problem(
                    "survey",
                    r["file"],
                    "a chart-order value needs a note saying by which order it was placed",
                    int(r["row"]) + 1,
                    "note",
                    "",
                    "the order of the legend or the bars, and what confirms it",
                )
            )
    pct = df[(df["unit"] == "percent") & df["value"].notna()]
    for loc, mx in pct.groupby("locator")["value"].max().items():
        if mx <= 1:
            r = pct[pct["locator"] == loc].iloc[0]
            out.append(
                Problem(
                    "survey",
                    r["file"],
                    f"{loc}: every percentage is at most 1; these look like fractions",
                    int(r["row"]) + 1,
                    "value",
                    f"{r['value']:g}",
                    "percentages as numbers from 0 to 100 (31, not 0.31)",
                )
            )
    # the known parts of a single-choice distribution add up to more than rounding allows: a record is needed
    single = df[(df["answer_type"] == "single") & (df["unit"] == "percent") & df["value"].notna()]
    for key, grp in single.groupby(["locator", "question", "item", "group", "year"], sort=False):
        if (grp["bound"] != "").any() or grp["note"].str.contains("known-issue:").any():
            continue
        total, slack = grp["value"].sum(), 0.5 * len(grp)
        if total > 100 + slack:
            r = grp.iloc[0]
            what = (
                f"{key[0]}"
                + (f", item {key[2]!r}" if key[2] else "")
                + (f", group {key[3]!r}" if key[3] else "")
            )
            rows_shown = ", ".join(str(int(x) + 1) for x in grp["row"])
            out.append(
                Problem(
                    "survey",
                    r["file"],
                    f"single-choice answers ({what}, {key[4]}; rows {rows_shown}) add up to {total:g}, more than "
                    f"rounding allows ({100 + slack:g})",
                    int(r["row"]) + 1,
                    "value",
                    f"{total:g}",
                    "the source's inconsistency in known-issues.csv, tagged known-issue:<id> on the rows",
                )
            )
    # a known issue of this edition names a locator that has data
    try:
        issues = data.load_resource("known-issues")
    except data.DataError:
        issues = pd.DataFrame(columns=["id", "source", "locator"])
    for i, r in issues[issues["source"] == f"raadpleging-{edition}"].iterrows():
        if unreadable_chapters(edition):
            break  # a chapter file cannot be read: its locators are unknown, not missing
        if locators.NUMBERED.match(r["locator"]) and r["locator"] not in set(df["locator"]):
            out.append(
                Problem(
                    "survey",
                    "data/known-issues.csv",
                    f"known issue {r['id']} names {r['locator']}, which has no data",
                    int(i) + 1,
                    "locator",
                    r["locator"],
                    "a locator that is in the data",
                )
            )
    # a known issue of this edition is linked from the rows it is about
    if not unreadable_chapters(edition):
        linked = set(contract.KNOWN_ISSUE_TAG.findall(" ".join(df["note"])))
        for i, r in issues[issues["source"] == f"raadpleging-{edition}"].iterrows():
            if r["id"] not in linked:
                out.append(
                    Problem(
                        "survey",
                        "data/known-issues.csv",
                        f"known issue {r['id']} is named in the note of no data row",
                        int(i) + 1,
                        "id",
                        r["id"],
                        f"'Zie known-issue:{r['id']}.' in the note of each row it is about",
                    )
                )
    # the same figure quoted in two places agrees, or the difference is a tagged known issue
    read = df[df["value"].notna()].copy()
    read["q"] = (
        read["question"]
        .str.replace(r"\s*\((samengevat in de tekst|conclusie[^)]*)\)\s*$", "", regex=True)
        .str.strip()
        .str.lower()
    )
    for key, grp in read.groupby(["chapter", "q", "item", "group", "category", "year", "unit"]):
        if grp["locator"].nunique() < 2 or grp["value"].nunique() < 2:
            continue
        if grp["note"].str.contains("known-issue:").all():
            continue
        r = grp.iloc[0]
        where = ", ".join(
            f"{x['locator']} (row {int(x['row']) + 1}): {x['value']:g}" for _, x in grp.iterrows()
        )
        out.append(
            Problem(
                "survey",
                r["file"],
                f"the same figure differs between places: {key[1]!r} / {key[4]!r}: {where}",
                int(r["row"]) + 1,
                "value",
                expected="the same value, or a known issue in data/known-issues.csv tagged on each row",
            )
        )
    return out


# One statement summarised in words, its answers as '<statement>: <answer>' ('Digitaal present: ja (4 of 5)').
# The answer says which side of the scale it groups: neutral first ('niet mee eens/niet mee oneens' has both).
SIDES = (
    ("neutral", re.compile(r"neutraal|niet mee eens/niet mee oneens|niet eens/niet oneens|\(3\)", re.I)),
    ("against", re.compile(r"\bnee\b|\bniet\b|oneens|\bgeen\b|\(1 of 2\)", re.I)),
    ("for", re.compile(r"\bja\b|mee eens|\bwel\b|\(4 of 5\)", re.I)),
)
# 'maximaal 3 antwoorden', 'max. 5 antwoorden' in a caption
MAX_ANSWERS = re.compile(r"max(?:imaal|\.)\s*(\d+)\s*antwoord", re.I)


def side(answer: str) -> str | None:
    """'ja (4 of 5)' -> 'for', 'neutraal (3)' -> 'neutral', '(helemaal) niet mee eens' -> 'against'; None
    for an answer that names no side of the scale ('heel erg', 'laagste aandeel van de taken')."""
    for name, rx in SIDES:
        if rx.search(answer):
            return name
    return None


def max_answers(edition: int) -> dict[str, int]:
    """'Figuur 10.2' -> 2: the most answers a caption of the report allows (its line and the next)."""
    if edition != 2025:
        return {}
    try:
        lines = source_lines(f"raadpleging-{edition}")
    except SourcesUnavailable:
        return {}
    out: dict[str, int] = {}
    for i, loc in sources.caption_lines(lines):
        m = MAX_ANSWERS.search(" ".join(lines[i : i + 2]))
        if m:
            out[loc] = int(m[1])
    return out


def _sum_problem(grp: pd.DataFrame, what: str, total: float, limit: float) -> Problem:
    r = grp.iloc[0]
    rows_shown = ", ".join(str(int(x) + 1) for x in grp["row"])
    return Problem(
        "survey",
        r["file"],
        f"{what} (rows {rows_shown}) add up to {total:g}, more than the answers allow ({limit:g})",
        int(r["row"]) + 1,
        "value",
        f"{total:g}",
        "the source's inconsistency in known-issues.csv, tagged known-issue:<id> on the rows",
    )


def _answer_sums(edition: int) -> list[Problem]:
    """Answers that add up to more than they can, beyond the single-choice figures: the answers of one
    statement summarised in words (for, neutral, against: at most 100 plus rounding), and the answers of a
    question whose caption allows at most k answers (at most k times 100 plus rounding, or k times n)."""
    out: list[Problem] = []
    df = survey_table(edition)
    if df.empty:
        return out
    tagged = df["note"].str.contains("known-issue:")
    # one statement, its sides of the scale in words
    words = df[(df["answer_type"] == "value") & (df["unit"] == "percent") & df["value"].notna()]
    words = words[words["category"].str.contains(": ", regex=False)].copy()
    words["statement"] = words["category"].str.split(": ", n=1).str[0]
    words["side"] = words["category"].str.split(": ", n=1).str[1].map(side)
    keys = ["locator", "question", "item", "group", "year", "statement"]
    for key, grp in words.groupby(keys, sort=False):
        if len(grp) < 2 or grp["side"].isna().any() or grp["side"].duplicated().any():
            continue  # not one answer per side: a sum, a range or a part of another answer
        if tagged[grp.index].any() or (grp["bound"] != "").any():
            continue
        total, limit = grp["value"].sum(), 100 + 0.5 * len(grp)
        if total > limit:
            out.append(_sum_problem(grp, f"the answers to {key[5]!r} ({key[0]}, {key[4]})", total, limit))
    # a question with at most k answers
    most = max_answers(edition)
    multi = df[(df["answer_type"] == "multiple") & df["value"].notna() & df["locator"].isin(most)]
    for key, grp in multi.groupby(["locator", "question", "group", "year", "unit"], sort=False):
        k = most[key[0]]
        if tagged[grp.index].any() or (grp["bound"] != "").any():
            continue
        total = grp["value"].sum()
        if key[4] == "percent":
            limit = 100 * k + 0.5 * len(grp)
        elif key[4] == "count" and pd.to_numeric(grp["n"], errors="coerce").notna().all():
            limit = k * pd.to_numeric(grp["n"]).max()
        else:
            continue
        if total > limit:
            out.append(
                _sum_problem(grp, f"the answers of {key[0]} (at most {k} each, {key[3]})", total, limit)
            )
    return out


# A placeholder that stands for a whole figure instead of its cells ('Alle categorieën', 'Alle partners en ...').
WHOLE_FIGURE = re.compile(r"^Alle ")


def _same_scale(items: dict[str, set[str]]) -> list[list[str]]:
    """Items grouped by the answers they share: two items with a common answer are on one scale."""
    groups: list[tuple[set[str], list[str]]] = []
    for item, cats in items.items():
        joined = [g for g in groups if g[0] & cats]
        merged = (set(cats).union(*(g[0] for g in joined)), [i for g in joined for i in g[1]] + [item])
        groups = [g for g in groups if g not in joined] + [merged]
    return [g[1] for g in groups]


def gap_rule(df: pd.DataFrame, cov: pd.DataFrame) -> list[Problem]:
    """One not-recoverable row per unreadable cell of a partial figure. A placeholder stands for several cells
    only where our text copy does not name them (contract.LEGEND_MISSING per bar, contract.ANSWERS_MISSING
    per figure, at the figures the contract lists); every bar of a scale has a row for each of its answers."""
    out: list[Problem] = []
    if df.empty:
        return out
    open_rows = df[df["quality"] == "not-recoverable"]
    allowed = {
        contract.LEGEND_MISSING: contract.LEGEND_NOT_IN_TEXT,
        contract.ANSWERS_MISSING: contract.ANSWERS_NOT_IN_TEXT,
    }
    for _, r in records(open_rows):
        cat, loc = r["category"], r["locator"]
        if cat in allowed:
            if loc not in allowed[cat]:
                out.append(
                    Problem(
                        "coverage",
                        r["file"],
                        f"{loc}: the placeholder {cat!r} is only for figures whose "
                        + ("legend" if cat == contract.LEGEND_MISSING else "answers")
                        + " our text copy lacks",
                        int(r["row"]) + 1,
                        "category",
                        cat,
                        "one row per unreadable cell, its answer as category (or add the figure to "
                        "contract."
                        + ("LEGEND_NOT_IN_TEXT" if cat == contract.LEGEND_MISSING else "ANSWERS_NOT_IN_TEXT")
                        + " if our text copy really lacks them)",
                    )
                )
            elif cat == contract.LEGEND_MISSING and not r["item"]:
                out.append(
                    Problem(
                        "coverage",
                        r["file"],
                        f"{loc}: a row for the unreadable parts of a bar names no bar",
                        int(r["row"]) + 1,
                        "item",
                        "",
                        "the bar (statement or part) in the item column",
                    )
                )
        elif contract.PLACEHOLDER_LIKE.search(cat) and not WHOLE_FIGURE.match(cat):
            out.append(
                Problem(
                    "coverage",
                    r["file"],
                    f"{loc}: the answer {cat!r} stands for several cells",
                    int(r["row"]) + 1,
                    "category",
                    cat,
                    f"one row per unreadable cell, its answer as category; {contract.LEGEND_MISSING!r} (per bar) "
                    f"or {contract.ANSWERS_MISSING!r} (per figure) only where our text copy lacks the legend or "
                    "the answers",
                )
            )
    for loc, figure_rows in df.groupby("locator", sort=False):
        status = cov.loc[loc, "status"] if loc in cov.index else "complete"
        if status == "complete" or not locators.NUMBERED.match(loc):
            continue
        bars = figure_rows[(figure_rows["answer_type"] == "single") & (figure_rows["item"] != "")]
        per_bar = set(bars.loc[bars["category"] == contract.LEGEND_MISSING, "item"])
        bars = bars[~bars["item"].isin(per_bar)]
        for _, grp in bars.groupby(["question", "group", "year"], sort=False):
            items = {item: set(ig["category"]) for item, ig in grp.groupby("item", sort=False)}
            for scale in _same_scale(items):
                answers = set().union(*(items[i] for i in scale))
                for item in scale:
                    lacking = [a for a in dict.fromkeys(grp["category"]) if a in answers - items[item]]
                    if not lacking:
                        continue
                    r = grp[grp["item"] == item].iloc[0]
                    out.append(
                        Problem(
                            "coverage",
                            r["file"],
                            f"{loc}: the bar {item!r} has no row for "
                            + ", ".join(repr(a) for a in lacking)
                            + ", an answer the other bars on its scale have",
                            int(r["row"]) + 1,
                            "category",
                            expected="one row per cell: the value, or not-recoverable with a note",
                        )
                    )
    return out


def check_coverage() -> list[Problem]:
    out: list[Problem] = []
    for ed in data.editions():
        name = f"raadpleging-{ed}-coverage"
        try:
            cov = data.load_resource(name)
        except data.DataError as err:
            out.append(from_error("coverage", err))
            continue
        cov_file = paths.rel(data.resources()[name].path)
        df = survey_table(ed)
        counts = df[df["value"].notna()].groupby("locator").size() if not df.empty else pd.Series(dtype=int)
        broken = broken_locators(ed)
        gone = unreadable_chapters(ed)
        by_locator = dict(tuple(df.groupby("locator", sort=False))) if not df.empty else {}
        for i, r in records(cov):
            loc = r["locator"]
            if loc in broken or int(r["chapter"]) in gone:
                continue  # a row of it breaks the schema: reported by 'tables'
            have = int(counts.get(loc, 0))
            if int(r["values"]) != have:
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: the manifest says {r['values']} values",
                        i + 1,
                        "values",
                        str(r["values"]),
                        f"{have} (the number of readable rows in the data)",
                    )
                )
            rows = by_locator.get(loc, df.iloc[0:0])
            unreadable = int((rows["quality"] == "not-recoverable").sum()) if not rows.empty else 0
            status = r["status"]
            if status == "complete" and (unreadable or have == 0):
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: complete, but {unreadable} value(s) are not recoverable",
                        i + 1,
                        "status",
                        status,
                        "partial",
                    )
                )
            elif status == "partial" and have == 0:
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: partial but no value is readable",
                        i + 1,
                        "status",
                        status,
                        "not-recoverable",
                    )
                )
            elif status not in ("complete", "partial") and have > 0:
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: {status} but the data has {have} values",
                        i + 1,
                        "status",
                        status,
                        "complete or partial",
                    )
                )
            if status == "partial" and locators.NUMBERED.match(loc) and not unreadable:
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: partial, but the data has no row for its open cells",
                        i + 1,
                        "status",
                        status,
                        "one not-recoverable row (empty value, a note) per unreadable cell, or status complete",
                    )
                )
            if status == "partial" and not rows.empty:
                whole = rows[
                    (rows["quality"] == "not-recoverable") & rows["category"].str.match(WHOLE_FIGURE)
                ]
                for _, w in records(whole):
                    out.append(
                        Problem(
                            "coverage",
                            w["file"],
                            f"{loc}: one not-recoverable row stands for the whole figure ({w['category']!r})",
                            int(w["row"]) + 1,
                            "category",
                            w["category"],
                            "one row per unreadable cell (item and answer), or per bar where the legend is missing",
                        )
                    )
            if status != "complete" and not str(r["reason"]).strip():
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"{loc}: status {status} needs a reason",
                        i + 1,
                        "reason",
                        "",
                        "why the values are missing, in Dutch",
                    )
                )
        out += gap_rule(df, cov.set_index("locator"))
        listed = set(cov["locator"])
        if not df.empty:
            for loc, grp in df.groupby("locator", sort=False):
                if (locators.NUMBERED.match(loc) or loc.startswith("Vergelijking")) and loc not in listed:
                    r = grp.iloc[0]
                    out.append(
                        Problem(
                            "coverage",
                            r["file"],
                            f"{loc} is in the data but not in {cov_file}",
                            int(r["row"]) + 1,
                            "locator",
                            loc,
                            "a row for it in the manifest",
                        )
                    )
        if ed == 2025:
            try:
                lines = source_lines("raadpleging-2025")
            except SourcesUnavailable as exc:
                out.append(Problem("coverage", "sources/", str(exc)))
                continue
            in_source = {loc for _, loc in sources.caption_lines(lines)}
            numbered = {loc for loc in listed if locators.NUMBERED.match(loc)}
            for loc in sorted(in_source - numbered):
                out.append(
                    Problem(
                        "coverage",
                        cov_file,
                        f"the report has {loc}, the manifest does not",
                        expected="a row per numbered table and figure",
                    )
                )
            for loc in sorted(numbered - in_source):
                out.append(
                    Problem("coverage", cov_file, f"the manifest lists {loc}, which the report does not have")
                )
        # multiple answers marked where the caption says so
    return out


COMPARABILITY = "raadpleging-2025-vergelijkbaarheid"
IN_TEXT = "Vergelijking in de tekst: "
BOX = re.compile(r"^\s*Vergelijking met raadpleging (?:sociaal werk )?2020\b")


def comparison_boxes() -> dict[str, set[str]]:
    """The report's boxes comparing with 2020: 'Vergelijking met raadpleging 2020 (h7)' -> the locators a
    verdict for it may have (the box itself, or a table of its chapter whose caption says it compares)."""
    try:
        lines = source_lines("raadpleging-2025")
    except SourcesUnavailable:
        return {}
    caps = sources.captions(lines)
    out: dict[str, set[str]] = {}
    for ch in range(1, 16):
        begin, end = sources.chapter_range(lines, ch)
        if any(BOX.match(line) for line in lines[begin:end]):
            tables = {
                loc
                for loc, cap in caps.items()
                if locators.chapter(loc) == ch and "vergelijking" in cap.lower() and loc.startswith("Tabel")
            }
            out[f"Vergelijking met raadpleging 2020 (h{ch})"] = {
                f"Vergelijking met raadpleging 2020 (h{ch})"
            } | tables
    return out


def compared_items(df: pd.DataFrame, baseline: int = 2020, year: int = 2024) -> list[tuple[str, str, str]]:
    """(locator, question, item) of every item the data compares between ``baseline`` and ``year``."""
    out = []
    for loc, q in survey.comparable(df, baseline, year=year):
        sel = df[(df["locator"] == loc) & (df["question"] == q) & df["value"].notna()]
        for item, grp in sel.groupby("item", sort=False):
            if {baseline, year} <= set(grp["year"]):
                out.append((loc, q, item))
    return out


def check_comparability() -> list[Problem]:
    """Every item compared with 2020 has a verdict (comparable, or why not) in vergelijkbaarheid.csv."""
    out: list[Problem] = []
    df = survey_table(2025)
    try:
        reg = data.load_resource(COMPARABILITY)
        reg_file = paths.rel(data.resources()[COMPARABILITY].path)
    except data.DataError as err:
        return [from_error("comparability", err)]
    if df.empty:
        return out
    keys = {(r["locator"], r["question"], r["item"]) for _, r in reg.iterrows()}
    items = compared_items(df)
    for loc, q, item in items:
        if (loc, q, item) not in keys and (loc, q, "") not in keys:
            r = df[(df["locator"] == loc) & (df["question"] == q) & (df["item"] == item)].iloc[0]
            out.append(
                Problem(
                    "comparability",
                    reg_file,
                    f"no verdict for the comparison {loc} / {q!r}" + (f" / {item!r}" if item else ""),
                    value=f"{r['file']} row {int(r['row']) + 1}",
                    expected="a row (locator, question, item, verdict, reason): is the question the same in both "
                    "years, and the group it is about?",
                )
            )
    boxes = comparison_boxes()
    in_data = set(zip(df["locator"], df["question"], strict=True))
    locs = set(df["locator"])
    for i, r in reg.iterrows():
        if unreadable_chapters(2025):
            break
        loc, q = r["locator"], r["question"]
        if (loc, q) in in_data:
            continue
        if q.startswith(IN_TEXT) and (loc in locs or loc in boxes):
            continue  # a comparison the text makes in words only, at a place that exists
        if loc in boxes and loc not in locs:
            continue  # a box that compares in words only: no rows in the data
        out.append(
            Problem(
                "comparability",
                reg_file,
                "no comparison in the data has this locator and question",
                int(i) + 1,
                "question",
                r["question"],
                "locator and question exactly as in the data",
            )
        )
    listed = set(reg["locator"])
    for box, accepted in comparison_boxes().items():
        if not accepted & listed:
            out.append(
                Problem(
                    "comparability",
                    reg_file,
                    f"the report has a comparison box '{box}' with no verdict",
                    value=box,
                    expected="a row for the box (locator '"
                    + box
                    + "'"
                    + (f", or {', '.join(sorted(accepted - {box}))}" if accepted - {box} else "")
                    + "): comparable, or why not",
                )
            )
    return out
