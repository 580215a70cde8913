"""Every check on the data, the registry and the sources, reported all at once.

``python -m swic validate`` (``make validate``) runs :func:`run` and prints the problems grouped by
file: the file, the row as a spreadsheet numbers it (the header is row 1), the column, the value and
what was expected. The data tests call the same checks (``tests/test_validation.py``), so the two
can never disagree.

Checks (by name; ``run(only=[...])`` runs a subset):

* ``sources``: every source text is present and unchanged (sha256 in ``sources/*.meta.yml``);
* ``tables``: every CSV against its Table Schema (types, required, enums, patterns, keys, foreign keys),
  empty files and header-only files, encoding, ``;``-separated files saved from Excel;
* ``datapackage``: ``data/datapackage.json`` is up to date and every CSV is described;
* ``descriptions``: every column has a description (shown to readers on the data page);
* ``survey``: the data contract of the raadpleging (not-recoverable needs a reason, derived a note,
  percentages 0-100, counts not above n, single-choice distributions add up, known-issue tags exist);
* ``coverage``: the manifest of numbered tables and figures agrees with the report and the data;
* ``registry``: ``pages.yml`` and ``_toc.yml`` agree, parameters exist in the notebooks and point at data
  that exists (edition, chapter, topic, source);
* ``provenance``: every number read from a table, a chart or the text occurs where its row says;
* ``completeness``: every percentage in the report's sentences is in the data or listed as left out;
* ``comparability``: every item compared with 2020 says whether the question and group are comparable;
* ``documents``: the structure of the other four documents (themes, actions, adviezen, forecast);
* ``synthesis``: the crosswalk's links resolve and every element is placed;
* ``own-words``: summaries do not copy the sources word for word.
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swic import data, paths, registry, sources


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong. ``row`` is the row as numbered in the file (header = 1)."""

    check: str
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.message}"
        if self.value is not None and self.value not in self.message:
            text += f" [value: {self.value}]"
        if self.expected:
            text += f" (expected: {self.expected})"
        return text


def _from_error(check: str, err: Exception) -> Problem:
    if isinstance(err, data.DataError):
        return Problem(check, err.file, err.message, err.file_row, err.column, None, err.expected)
    return Problem(check, _first_path(str(err)), str(err))


def _first_path(message: str) -> str:
    m = re.match(r"^([\w./-]+\.(?:csv|json|yml|yaml|md|txt|ipynb))", message)
    return m[1] if m else "(project)"


def _rel(p: Path | str) -> str:
    try:
        return str(Path(p).resolve().relative_to(paths.root()))
    except ValueError:
        return str(p)


class SourcesUnavailable(Exception):
    pass


def _source_lines(source_id: str) -> list[str]:
    try:
        return sources.lines(source_id)
    except sources.SourceError as exc:
        raise SourcesUnavailable(str(exc)) from exc


# --------------------------------------------------------------------------- sources, tables, package


def check_sources() -> list[Problem]:
    return [Problem("sources", _first_path(p), p) for p in sources.problems()]


def check_tables() -> list[Problem]:
    out: list[Problem] = []
    try:
        all_res = data.resources()
    except data.DataError as err:
        return [_from_error("tables", err)]
    for res in all_res.values():
        errors: list = []
        rows = data.validate_table(res.path, res.schema, errors)
        if not errors:
            data._check_foreign_keys(res, rows, all_res, errors)
        out += [_from_error("tables", e) for e in errors]
    return out


def check_datapackage() -> list[Problem]:
    from swic import datapackage

    out: list[Problem] = []
    try:
        if not datapackage.is_current():
            out.append(
                Problem(
                    "datapackage",
                    "data/datapackage.json",
                    "out of date with the files under data/",
                    expected="run `python -m swic datapackage` and commit the result",
                )
            )
        described = {res.path.resolve() for res in data.resources().values()}
    except data.DataError as err:
        return [_from_error("datapackage", err)]
    for csv_path in sorted(paths.data_dir().rglob("*.csv")):
        if csv_path.resolve() not in described:
            out.append(
                Problem(
                    "datapackage",
                    _rel(csv_path),
                    "not described in data/datapackage.json",
                    expected="a schema in data/schemas/ and `python -m swic datapackage`",
                )
            )
    return out


def check_descriptions() -> list[Problem]:
    """Every column is described (the data page and the workbook show these descriptions to readers)."""
    out: list[Problem] = []
    try:
        all_res = data.resources()
    except data.DataError as err:
        return [_from_error("descriptions", err)]
    for res in all_res.values():
        for f in res.schema.get("fields", []):
            if not str(f.get("description", "")).strip():
                out.append(
                    Problem(
                        "descriptions",
                        _rel(res.schema_path or res.path),
                        f"column '{f['name']}' has no description",
                        column=f["name"],
                        expected="a description in Dutch for readers of the data page",
                    )
                )
    return out


# --------------------------------------------------------------------------- the raadpleging


def _survey_frames(edition: int) -> list[tuple[data.Resource, pd.DataFrame]]:
    """Each chapter file of an edition as a typed frame, without the rows that break the schema (those
    are reported by the 'tables' check; the other rows are still checked)."""
    return _survey_frames_cached(edition)[0]


@functools.cache
def _survey_frames_cached(edition: int):
    frames = []
    broken: set[str] = set()
    unreadable: set[int] = set()
    all_res = data.resources()
    for res in data.survey_resources(edition):
        errors: list = []
        rows = data.validate_table(res.path, res.schema, errors)
        data._check_foreign_keys(res, rows, all_res, errors)
        if any(e.row in (None, 0) for e in errors) or not rows:
            # the file as a whole is unreadable (encoding, header, empty): 'tables' says so, and the
            # checks that need its rows leave its chapter alone rather than report every row as missing
            unreadable.add(int(data.SURVEY_RESOURCE.match(res.name)["chapter"]))
            continue
        bad = {e.row for e in errors}
        df = data._to_frame(rows, res.schema)
        df["file"] = _rel(res.path)
        df["row"] = df.index
        broken |= set(df.loc[df.index.isin(bad), "locator"])
        frames.append((res, df[~df.index.isin(bad)]))
    return frames, broken, unreadable


def _unreadable_chapters(edition: int) -> set[int]:
    return _survey_frames_cached(edition)[2]


def _broken_locators(edition: int) -> set[str]:
    """Locators with a row that breaks the schema: their counts cannot be checked."""
    return _survey_frames_cached(edition)[1]


@functools.cache
def _survey(edition: int) -> pd.DataFrame:
    frames = [df for _, df in _survey_frames(edition)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _known_issue_ids() -> set[str]:
    try:
        return set(data.load_resource("known-issues")["id"])
    except data.DataError:
        return set()


def check_survey() -> list[Problem]:
    out: list[Problem] = []
    known = _known_issue_ids()
    for ed in data.editions():
        try:
            coverage = set(data.load_resource(f"raadpleging-{ed}-coverage")["locator"])
        except data.DataError:
            coverage = None
        for res, df in _survey_frames(ed):
            errors: list = []
            data.check_survey_rules(
                df.drop(columns=["file", "row"]), res.path, known, coverage, errors=errors
            )
            out += [_from_error("survey", e) for e in errors]
        out += _survey_consistency(ed)
    return out


def _survey_consistency(edition: int) -> list[Problem]:
    out: list[Problem] = []
    df = _survey(edition)
    if df.empty:
        return out
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
    # a known issue of this edition names a locator that has data
    try:
        issues = data.load_resource("known-issues")
    except data.DataError:
        issues = pd.DataFrame(columns=["id", "source", "locator"])
    for i, r in issues[issues["source"] == f"raadpleging-{edition}"].iterrows():
        if _unreadable_chapters(edition):
            break  # a chapter file cannot be read: its locators are unknown, not missing
        if sources.NUMBERED.match(r["locator"]) and r["locator"] not in set(df["locator"]):
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


def check_coverage() -> list[Problem]:
    out: list[Problem] = []
    for ed in data.editions():
        name = f"raadpleging-{ed}-coverage"
        try:
            cov = data.load_resource(name)
        except data.DataError as err:
            out.append(_from_error("coverage", err))
            continue
        cov_file = _rel(data.resources()[name].path)
        df = _survey(ed)
        counts = df[df["value"].notna()].groupby("locator").size() if not df.empty else pd.Series(dtype=int)
        broken = _broken_locators(ed)
        gone = _unreadable_chapters(ed)
        for i, r in cov.iterrows():
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
            rows = df[df["locator"] == loc] if not df.empty else df
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
        listed = set(cov["locator"])
        if not df.empty:
            for loc, grp in df.groupby("locator", sort=False):
                if (sources.NUMBERED.match(loc) or loc.startswith("Vergelijking")) and loc not in listed:
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
                lines = _source_lines("raadpleging-2025")
            except SourcesUnavailable as exc:
                out.append(Problem("coverage", "sources/", str(exc)))
                continue
            in_source = {loc for _, loc in sources.caption_lines(lines)}
            numbered = {loc for loc in listed if sources.NUMBERED.match(loc)}
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


def check_provenance() -> list[Problem]:
    out: list[Problem] = []
    try:
        lines = _source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return [Problem("provenance", "sources/", str(exc))]
    df = _survey(2025)
    blocks: dict[tuple[str, int], str] = {}
    if not df.empty:
        read = df[df["quality"].isin(["table", "chart-label", "prose"])]
        for _, r in read.iterrows():
            key = (r["locator"], int(r["chapter"]))
            if key not in blocks:
                blocks[key] = sources.block(lines, *key)
            if not sources.number_pattern(r["value"]).search(blocks[key]) and not sources.occurs(
                float(r["value"]), sources.normalise(blocks[key])
            ):
                out.append(
                    Problem(
                        "provenance",
                        r["file"],
                        f"{r['value']:g} does not occur near {r['locator']} in the report",
                        int(r["row"]) + 1,
                        "value",
                        f"{r['value']:g}",
                        f"the number as printed in the report at {r['locator']} (quality {r['quality']})",
                    )
                )
        caps = sources.caption_lines(lines)
        for i, loc in caps:
            caption = " ".join(lines[i : i + 2]).lower()
            if re.search(r"meerdere antwoorden|maximaal \d+ antwoorden|maximaal (twee|drie)", caption):
                rows = df[(df["locator"] == loc) & (df["year"] == 2024)]
                wrong = rows[~rows["answer_type"].isin(["multiple", "open", "value"])]
                for _, r in wrong.iterrows():
                    out.append(
                        Problem(
                            "provenance",
                            r["file"],
                            f"{loc} allows several answers",
                            int(r["row"]) + 1,
                            "answer_type",
                            r["answer_type"],
                            "multiple",
                        )
                    )
    # the other documents
    for name, res in data.resources().items():
        if not str(res.path).startswith(str(paths.data_dir() / "bronnen")):
            continue
        try:
            df = data.load_resource(name)
        except data.DataError:
            continue
        if not {"value", "quality", "source"} <= set(df.columns):
            continue
        for i, r in df.iterrows():
            if r["quality"] in ("table", "prose") and not pd.isna(r["value"]):
                try:
                    text = _normalised_text(r["source"])
                except SourcesUnavailable as exc:
                    return out + [Problem("provenance", "sources/", str(exc))]
                if not sources.occurs(float(r["value"]), text):
                    out.append(
                        Problem(
                            "provenance",
                            _rel(res.path),
                            f"{float(r['value']):g} does not occur in {r['source']}",
                            int(i) + 1,
                            "value",
                            f"{float(r['value']):g}",
                            "the number as the document prints it",
                        )
                    )
    return out


@functools.cache
def _normalised_text(source_id: str) -> str:
    return sources.normalise("\n".join(_source_lines(source_id)))


LEFT_OUT = "raadpleging-2025-niet-overgenomen"


def check_completeness() -> list[Problem]:
    """Every 'N procent' in the report's sentences is in the chapter's data, or listed as left out.

    Counted per chapter and value: a chapter whose text says '40 procent' three times needs three rows
    with 40 (one per statement: a figure, the conclusion, a comparison box), rows in
    ``niet-overgenomen.csv`` with the reason, or a row whose question or answer contains '40 procent'
    (a boundary such as '60 procent of meer').
    """
    out: list[Problem] = []
    try:
        lines = _source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return [Problem("completeness", "sources/", str(exc))]
    df = _survey(2025)
    try:
        left = data.load_resource(LEFT_OUT)
        left_file = _rel(data.resources()[LEFT_OUT].path)
    except data.DataError as err:
        return [_from_error("completeness", err)]
    text_cols = ["question", "category", "item", "group"]
    gone = _unreadable_chapters(2025)
    for ch in range(0, 16):
        if ch in gone:
            continue
        begin, end = sources.chapter_range(lines, ch)
        occ = collections.defaultdict(list)
        for line_no, v, line in sources.percentages_in_prose(lines, begin, end):
            occ[v].append((line_no, line))
        mine = df[(df["chapter"] == ch) & (df["unit"] == "percent") & df["value"].notna()]
        have = collections.Counter(mine["value"])
        words = " ".join(df.loc[df["chapter"] == ch, text_cols].astype(str).agg(" ".join, axis=1))
        listed = collections.Counter(left.loc[left["chapter"] == ch, "value"])
        for v, found in sorted(occ.items()):
            form = re.escape(f"{v:g}".replace(".", ","))
            in_words = len(re.findall(rf"(?<![\d,.]){form}\s*(?:procent|%)", words))
            missing = len(found) - have.get(v, 0) - listed.get(v, 0) - in_words
            if missing <= 0:
                continue
            shown = "; ".join(f"line {n}: '{t[:90]}'" for n, t in found)
            out.append(
                Problem(
                    "completeness",
                    f"data/raadpleging/2025/hoofdstuk-{ch:02d}.csv",
                    f"the report's chapter {ch} says '{v:g} procent' {len(found)} time(s); the data has "
                    f"{have.get(v, 0)} row(s) with {v:g} and {left_file} lists {listed.get(v, 0)} "
                    f"({missing} missing) — {shown}",
                    value=f"{v:g}",
                    expected=f"a row per statement (quality prose or derived, with its locator), or a row in "
                    f"{left_file} with the reason it is left out",
                )
            )
    # every left-out row points at text that exists
    for i, r in left.iterrows():
        begin, end = sources.chapter_range(lines, int(r["chapter"]))
        chapter_text = sources.normalise("\n".join(lines[begin:end]))
        if sources.normalise(r["excerpt"]) not in chapter_text:
            out.append(
                Problem(
                    "completeness",
                    left_file,
                    "the excerpt does not occur in that chapter of the report",
                    int(i) + 1,
                    "excerpt",
                    r["excerpt"],
                    "a few words copied from the sentence",
                )
            )
        elif not sources.occurs(float(r["value"]), sources.normalise(r["excerpt"])):
            out.append(
                Problem(
                    "completeness",
                    left_file,
                    "the excerpt does not contain the value",
                    int(i) + 1,
                    "value",
                    f"{float(r['value']):g}",
                    "the number as it stands in the excerpt",
                )
            )
    return out


COMPARABILITY = "raadpleging-2025-vergelijkbaarheid"


def compared_items(df: pd.DataFrame, baseline: int = 2020, year: int = 2024) -> list[tuple[str, str, str]]:
    """(locator, question, item) of every item the data compares between ``baseline`` and ``year``."""
    from swic import survey

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
    df = _survey(2025)
    try:
        reg = data.load_resource(COMPARABILITY)
        reg_file = _rel(data.resources()[COMPARABILITY].path)
    except data.DataError as err:
        return [_from_error("comparability", err)]
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
    known = {(loc, q) for loc, q, _ in items}
    for i, r in reg.iterrows():
        if _unreadable_chapters(2025):
            break
        if (r["locator"], r["question"]) not in known:
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
    return out


# --------------------------------------------------------------------------- registry


def check_registry() -> list[Problem]:
    out: list[Problem] = []
    try:
        pages = registry.load()
        registry.check_toc(pages)
    except registry.RegistryError as exc:
        return [
            Problem(
                "registry", _first_path(str(exc)) if "pages.yml" not in str(exc) else "pages.yml", str(exc)
            )
        ]
    out += [Problem("registry", _first_path(p), p) for p in registry.stray_ipynb()]
    try:
        editions = set(data.editions())
        survey_chapters = {
            ed: set(int(data.SURVEY_RESOURCE.match(r.name)["chapter"]) for r in data.survey_resources(ed))
            for ed in editions
        }
        source_ids = set(data.load_resource("sources")["id"])
        topics = set(data.load_resource("onderwerpen")["id"]) if "onderwerpen" in data.resources() else set()
    except data.DataError as err:
        return out + [_from_error("registry", err)]
    lines = _yaml_lines("pages.yml")
    for p in pages:
        where = lines.get(p.id)
        prm = p.parameters
        ed = prm.get("edition")
        if ed is not None and ed not in editions:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': edition {ed} has no survey data",
                    where,
                    "edition",
                    str(ed),
                    f"one of {sorted(editions)}",
                )
            )
        if "chapter" in prm and ed in survey_chapters and prm["chapter"] not in survey_chapters[ed]:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': chapter {prm['chapter']} has no data",
                    where,
                    "chapter",
                    str(prm["chapter"]),
                    f"a chapter with data/raadpleging/{ed}/hoofdstuk-NN.csv: "
                    f"{', '.join(map(str, sorted(survey_chapters[ed])))}",
                )
            )
        if "baseline" in prm and prm["baseline"] is not None and ed is not None and prm["baseline"] >= ed:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': baseline {prm['baseline']} is not before edition {ed}",
                    where,
                    "baseline",
                    str(prm["baseline"]),
                    "an earlier year",
                )
            )
        if p.notebook.name == "onderwerp.md" and prm.get("topic") not in topics:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': unknown topic {prm.get('topic')!r}",
                    where,
                    "topic",
                    str(prm.get("topic")),
                    "an id from data/synthese/onderwerpen.csv",
                )
            )
        if "source" in prm and prm["source"] and prm["source"] not in source_ids:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': unknown source {prm['source']!r}",
                    where,
                    "source",
                    prm["source"],
                    "an id from data/sources.csv",
                )
            )
        if "min_n" in prm and prm["min_n"] is not None and prm["min_n"] < 1:
            out.append(
                Problem(
                    "registry",
                    "pages.yml",
                    f"page '{p.id}': min_n must be at least 1",
                    where,
                    "min_n",
                    str(prm["min_n"]),
                    "a whole number, 1 or more",
                )
            )
    return out


def _yaml_lines(name: str) -> dict[str, int]:
    """Line number of each '- id: x' in a registry file."""
    found = {}
    for i, line in enumerate((paths.root() / name).read_text(encoding="utf-8").splitlines(), start=1):
        m = re.match(r"^\s*-\s*id:\s*([\w-]+)", line)
        if m:
            found[m[1]] = i
    return found


# --------------------------------------------------------------------------- the other documents and the synthesis


def _bronnen() -> list[str]:
    return sorted(p.stem for p in (paths.data_dir() / "bronnen").glob("*.csv"))


def _load(name: str) -> pd.DataFrame | None:
    try:
        return data.load_resource(name)
    except data.DataError:
        return None  # reported by the 'tables' check


def check_documents() -> list[Problem]:
    out: list[Problem] = []

    def fail(name, message, row=None, column=None, value=None, expected=None):
        out.append(Problem("documents", f"data/bronnen/{name}.csv", message, row, column, value, expected))

    known = set(data.load_resource("sources")["id"])
    for name in _bronnen():
        df = _load(name)
        if df is None:
            continue
        if "source" in df:
            for i, s in df["source"].items():
                if s not in known:
                    fail(
                        name, f"unknown source {s!r}", int(i) + 1, "source", s, "an id from data/sources.csv"
                    )
        if {"quality", "note"} <= set(df.columns):
            for i, r in df[df["quality"].isin(["derived", "not-recoverable"])].iterrows():
                if not r["note"]:
                    fail(
                        name,
                        f"a {r['quality']} value needs a note",
                        int(i) + 1,
                        "note",
                        "",
                        "how it was derived, or why it cannot be read",
                    )
    themes, actions = _load("sectorplan-themas"), _load("sectorplan-acties")
    if themes is not None and actions is not None:
        if list(themes["id"]) != [f"T{i}" for i in range(1, 6)]:
            fail("sectorplan-themas", "the sector plan has five themes T1-T5", expected="T1, T2, T3, T4, T5")
        if list(actions["id"]) != [f"A{i:02d}" for i in range(1, 19)]:
            fail("sectorplan-acties", "the sector plan has eighteen actions A01-A18", expected="A01 ... A18")
        if set(actions["theme"]) != set(themes["id"]):
            fail(
                "sectorplan-acties", "every theme has actions and every action a known theme", column="theme"
            )
        for i, r in actions.iterrows():
            if len(r["summary"]) < 40:
                fail(
                    "sectorplan-acties",
                    "summary too short",
                    int(i) + 1,
                    "summary",
                    r["summary"],
                    "a summary in your own words of at least 40 characters",
                )
    adv = _load("sib-adviezen")
    if adv is not None and themes is not None:
        if list(adv["id"]) != [f"SIB{i}" for i in range(1, 10)]:
            fail("sib-adviezen", "Sociaal in Beweging has nine adviezen SIB1-SIB9")
        for i, r in adv.iterrows():
            linked = [t for t in r["themes"].split(";") if t]
            if not set(linked) <= set(themes["id"]):
                fail(
                    "sib-adviezen",
                    "unknown theme",
                    int(i) + 1,
                    "themes",
                    r["themes"],
                    "ids from sectorplan-themas",
                )
            if not linked and not r["note"]:
                fail("sib-adviezen", "no theme and no note saying why", int(i) + 1, "note")
    fc = _load("sectorplan-arbeidsmarkt")
    if fc is not None:
        for year, grp in fc.groupby("year"):
            total, parts = grp[grp["is_total"]], grp[~grp["is_total"]]
            if len(total) != 1:
                fail("sectorplan-arbeidsmarkt", f"{year}: one total row expected", column="is_total")
                continue
            diff = abs(parts["value"].sum() - total["value"].iloc[0])
            if diff > len(parts) * 50 and "known-issue:" not in total["note"].iloc[0]:
                fail(
                    "sectorplan-arbeidsmarkt",
                    f"{year}: the occupations add up to {parts['value'].sum():g}, the "
                    f"table's total is {total['value'].iloc[0]:g}",
                    int(total.index[0]) + 1,
                    "value",
                    expected="the total, or a known issue tagged in the note",
                )
    parts = _load("jaarplan-onderdelen")
    acts, holders = _load("jaarplan-activiteiten"), _load("jaarplan-stakeholders")
    if parts is not None and acts is not None and holders is not None:
        if (parts["kind"] == "thema").sum() != 4 or (parts["kind"] == "programma").sum() != 3:
            fail("jaarplan-onderdelen", "the annual plan has four themes and three programmes", column="kind")
        for name, df in (("jaarplan-activiteiten", acts), ("jaarplan-stakeholders", holders)):
            for i, p in df["part"].items():
                if p not in set(parts["id"]):
                    fail(name, "unknown part", int(i) + 1, "part", p, "an id from jaarplan-onderdelen")
        for p in sorted(set(parts["id"]) - set(acts["part"])):
            fail("jaarplan-activiteiten", f"part {p} has no activities", expected="every theme and programme")
    ap = _load("advies-aandachtspunten")
    if ap is not None and not (ap["generalist"].sum() >= 1 and (~ap["generalist"]).sum() >= 3):
        fail("advies-aandachtspunten", "the advice has a generalist point and at least three specific points")
    cf = _load("cijfers")
    if cf is not None and not cf.empty:
        prefixes = set(cf["id"].str.split("-").str[0])
        for p in sorted({"sp", "adv", "jp", "wis"} - prefixes):
            fail("cijfers", f"no key figure from the document with prefix {p!r}")
        for t in sorted({"arbeidsmarkt", "sectoromvang", "maatschappelijke-opgaven"} - set(cf["topic"])):
            fail("cijfers", f"no key figure for topic {t!r}", column="topic")
        for i in cf[(cf["bound"] != "") & (cf["note"] == "")].index:
            fail("cijfers", "a figure with a bound needs the document's wording in note", int(i) + 1, "note")
    return out


SYNTH_DATASETS = {
    "aandachtspunt": "advies-aandachtspunten",
    "sib-advies": "sib-adviezen",
    "sectorplan-actie": "sectorplan-acties",
    "sectorplan-thema": "sectorplan-themas",
    "jaarplan-onderdeel": "jaarplan-onderdelen",
    "jaarplan-activiteit": "jaarplan-activiteiten",
    "cijfer": "cijfers",
}
ADVIES_OR_PLAN = {"aandachtspunt", "sib-advies", "sectorplan-actie", "sectorplan-thema"}
CAPTION_TEXT = re.compile(r"^\s*(Figuur|Tabel) (\d+\.\d+)\.?\s+(.*)$", re.MULTILINE)


def check_synthesis() -> list[Problem]:
    out: list[Problem] = []
    topics, links = _load("onderwerpen"), _load("koppelingen")
    if topics is None or links is None:
        return out
    tf, lf = "data/synthese/onderwerpen.csv", "data/synthese/koppelingen.csv"

    def fail(file, message, row=None, column=None, value=None, expected=None):
        out.append(Problem("synthesis", file, message, row, column, value, expected))

    if sorted(topics["order"]) != list(range(1, len(topics) + 1)):
        fail(tf, "topics are ordered 1 to n", column="order")
    if "geen" in set(topics["id"]):
        fail(tf, "'geen' is reserved for elements that fit no topic", column="id", value="geen")
    for i, r in topics.iterrows():
        if len(r["summary"]) < 120:
            fail(tf, "summary too short", int(i) + 1, "summary", expected="a summary of a few sentences")
    known_topics = set(topics["id"]) | {"geen"}
    geen_refs = set(links.loc[links["topic"] == "geen", "ref"])
    placed_refs = set(links.loc[links["topic"] != "geen", "ref"])
    elements = {k: _load(v) for k, v in SYNTH_DATASETS.items()}
    for i, r in links.iterrows():
        row = int(i) + 1
        if r["topic"] not in known_topics:
            fail(lf, "unknown topic", row, "topic", r["topic"], "an id from onderwerpen.csv, or geen")
        if r["topic"] == "geen" and not r["note"]:
            fail(lf, "an element linked to 'geen' needs the reason in note", row, "note")
        if r["topic"] == "geen" and r["ref"] in placed_refs:
            fail(lf, f"{r['ref']} is linked to 'geen' and to a topic", row, "ref", r["ref"])
        if r["kind"] == "raadpleging":
            if r["source"] != "raadpleging-2025":
                fail(
                    lf,
                    "a raadpleging link has source raadpleging-2025",
                    row,
                    "source",
                    r["source"],
                    "raadpleging-2025",
                )
            continue
        el = elements.get(r["kind"])
        if el is None:
            continue
        el = el.set_index("id")
        if r["ref"] not in el.index:
            fail(lf, f"no such id in {SYNTH_DATASETS[r['kind']]}", row, "ref", r["ref"])
        elif el.loc[r["ref"], "source"] != r["source"]:
            fail(
                lf,
                f"the element is from {el.loc[r['ref'], 'source']}",
                row,
                "source",
                r["source"],
                el.loc[r["ref"], "source"],
            )
    for kind in ("sectorplan-actie", "aandachtspunt", "sib-advies"):
        el = elements[kind]
        if el is None:
            continue
        placed = set(links.loc[(links["kind"] == kind) & (links["topic"] != "geen"), "ref"])
        if kind != "sib-advies":
            placed |= set(links.loc[(links["kind"] == kind) & (links["topic"] == "geen"), "ref"])
        for ref in sorted(set(el["id"]) - placed):
            fail(
                lf,
                f"{kind} {ref} is not linked to any topic",
                expected="a link to a topic (or to geen, with a reason)",
            )
    for topic in topics["id"]:
        mine = links[links["topic"] == topic]
        if not (mine["kind"] == "raadpleging").any():
            fail(
                lf, f"topic {topic} has no raadpleging table or figure", expected="a link of kind raadpleging"
            )
        if not mine["kind"].isin(ADVIES_OR_PLAN).any():
            fail(lf, f"topic {topic} has nothing from the advies or the sector plan")
    try:
        lines = _source_lines("raadpleging-2025")
    except SourcesUnavailable as exc:
        return out + [Problem("synthesis", "sources/", str(exc))]
    caps = {f"{m[1]} {m[2]}": m[3] for m in CAPTION_TEXT.finditer("\n".join(lines))}
    cov = _load("raadpleging-2025-coverage")
    without = (
        set(cov.loc[~cov["status"].isin(["complete", "partial"]), "locator"]) if cov is not None else set()
    )
    ok = {
        loc for loc, cap in caps.items() if loc not in without and not re.search(r"woord(en)?wolk", cap, re.I)
    }
    for i, r in links[links["kind"] == "raadpleging"].iterrows():
        if r["ref"] not in ok:
            fail(lf, "not a numbered table or figure with readable numbers", int(i) + 1, "ref", r["ref"])
    _ = geen_refs
    return out


COPY_RUN = 9  # words in a row shared with the source = copied, not summarised


def _copied(text: str, source: str) -> str | None:
    words = sources.normalise(text).split()
    for k in range(len(words) - COPY_RUN + 1):
        run = " ".join(words[k : k + COPY_RUN])
        if run in source:
            return run
    return None


def check_own_words() -> list[Problem]:
    out: list[Problem] = []
    try:
        for name in _bronnen():
            df = _load(name)
            if df is None or "source" not in df:
                continue
            for col in [c for c in ("summary", "activity") if c in df]:
                for i, r in df.iterrows():
                    run = _copied(r[col], _normalised_text(r["source"]))
                    if run:
                        out.append(
                            Problem(
                                "own-words",
                                f"data/bronnen/{name}.csv",
                                "copies the source word for word",
                                int(i) + 1,
                                col,
                                f"'{run}'",
                                "a summary in your own words",
                            )
                        )
        topics, links = _load("onderwerpen"), _load("koppelingen")
        if topics is not None and links is not None:
            everything = " ".join(_normalised_text(s) for s in data.load_resource("sources")["id"])
            for i, r in topics.iterrows():
                for col in ("summary", "question"):
                    run = _copied(r[col], everything)
                    if run:
                        out.append(
                            Problem(
                                "own-words",
                                "data/synthese/onderwerpen.csv",
                                "copies a source word for word",
                                int(i) + 1,
                                col,
                                f"'{run}'",
                                "your own words",
                            )
                        )
            for i, r in links.iterrows():
                run = _copied(r["summary"], _normalised_text(r["source"]))
                if run:
                    out.append(
                        Problem(
                            "own-words",
                            "data/synthese/koppelingen.csv",
                            "copies the source word for word",
                            int(i) + 1,
                            "summary",
                            f"'{run}'",
                            "your own words",
                        )
                    )
    except SourcesUnavailable as exc:
        out.append(Problem("own-words", "sources/", str(exc)))
    return out


# --------------------------------------------------------------------------- running


CHECKS: dict[str, Callable[[], list[Problem]]] = {
    "sources": check_sources,
    "tables": check_tables,
    "datapackage": check_datapackage,
    "descriptions": check_descriptions,
    "survey": check_survey,
    "coverage": check_coverage,
    "registry": check_registry,
    "provenance": check_provenance,
    "completeness": check_completeness,
    "comparability": check_comparability,
    "documents": check_documents,
    "synthesis": check_synthesis,
    "own-words": check_own_words,
}


# Checks a build may proceed without: a gap in completeness or a column without a description blocks
# CI and `make validate`, but a contributor can still preview the site while filling it in.
NOT_BLOCKING_BUILD = {"completeness", "descriptions", "comparability"}


def clear_caches() -> None:
    _survey.cache_clear()
    _survey_frames_cached.cache_clear()
    _normalised_text.cache_clear()


def run(only: Iterable[str] | None = None) -> list[Problem]:
    clear_caches()
    names = list(only) if only else list(CHECKS)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(f"unknown check(s) {unknown}; known: {', '.join(CHECKS)}")
    problems: list[Problem] = []
    broken_files: set[str] | None = None
    for name in names:
        try:
            problems += CHECKS[name]()
        except Exception as exc:  # a check that crashes is itself a problem to report, not a traceback
            if isinstance(exc, data.DataError):
                if broken_files is None:
                    broken_files = {p.file for p in check_tables()}
                if exc.file in broken_files:
                    continue  # a file the 'tables' check reports as unreadable; nothing more to say
                problems.append(_from_error(name, exc))
                continue
            problems.append(
                Problem(name, _first_path(str(exc)), f"the check could not run: {type(exc).__name__}: {exc}")
            )
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """The same problem found by two checks is reported once."""
    seen = set()
    out = []
    for p in problems:
        key = (p.file, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def report(problems: list[Problem]) -> str:
    """Problems grouped by file, in file order, rows ascending."""
    if not problems:
        return "No problems found."
    by_file: dict[str, list[Problem]] = collections.defaultdict(list)
    for p in problems:
        by_file[p.file].append(p)
    out = []
    for file in sorted(by_file):
        items = sorted(by_file[file], key=lambda p: (p.row or 0, p.column or ""))
        out.append(f"{file} ({len(items)} problem{'s' if len(items) != 1 else ''})")
        for p in items:
            where = ", ".join(
                x
                for x in (
                    f"row {p.row}" if p.row is not None else "",
                    f"column '{p.column}'" if p.column else "",
                )
                if x
            )
            line = f"  {where + ': ' if where else ''}{p.message}"
            if p.value is not None and p.value not in p.message:
                line += f" [value: {p.value}]"
            if p.expected:
                line += f"\n      expected: {p.expected}"
            out.append(line)
    n_files = len(by_file)
    out.append(
        f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}."
    )
    return "\n".join(out)
