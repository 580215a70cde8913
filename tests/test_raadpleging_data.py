"""The raadpleging as open data: coverage, consistency, and a provenance audit against the source text.

The provenance audit needs the plain-text sources (default ``../shared/sources`` next to the repository,
or the folder in ``SWIC_SOURCES``); a public clone has none, and then those tests skip with a reason.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from swic import data, paths

EDITION = 2025
SOURCE_FILE = "raadpleging-sociaal-werk-2025.txt"
NUMBERED = re.compile(r"^(Tabel|Figuur) (\d+)\.(\d+)$")


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return data.load_survey(EDITION)


@pytest.fixture(scope="module")
def coverage() -> pd.DataFrame:
    return data.load_resource(f"raadpleging-{EDITION}-coverage")


@cache
def source_lines() -> list[str] | None:
    path = paths.sources_dir() / SOURCE_FILE
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def lines():
    found = source_lines()
    if found is None:
        pytest.skip(
            f"source texts not available at {paths.sources_dir()} (set SWIC_SOURCES to audit provenance)"
        )
    return found


CAPTION = re.compile(r"^\s*(Tabel|Figuur) (\d+)\.(\d+)\b")


def caption_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line index, 'Figuur X.Y') of every numbered caption in the report."""
    out = []
    for i, line in enumerate(lines):
        m = CAPTION.match(line)
        if m and re.match(r"^\s*(Tabel|Figuur) \d+\.\d+\.?\s+\S", line):
            out.append((i, f"{m[1]} {m[2]}.{m[3]}"))
    return out


CHAPTER_HEADINGS = {
    1: r"^\s?1 WIE VULDEN",
    2: r"^\s?2 BEROEPSIDENTITEIT",
    3: r"^\s?3 TAKEN",
    4: r"^\s?4 METHODISCHE",
    5: r"^\s?5 SAMENWERKING",
    6: r"^\s?6 SOCIALE BASIS",
    7: r"PROFESSIONELE AUTONOMIE EN$",
    8: r"^\s?8 STRUCTUREEL",
    9: r"^\s?9 ADMINISTRATIE",
    10: r"^\s?10 TRENDS",
    11: r"^\s?11 VITALITEIT",
    12: r"^\s?12 LEREN",
    13: r"^\s?13 THEMA 1",
    14: r"^\s?14 THEMA 2",
    15: r"^\s?15 THEMA 3",
}


def chapter_range(lines: list[str], chapter: int) -> tuple[int, int]:
    starts = {}
    for ch, pat in CHAPTER_HEADINGS.items():
        starts[ch] = next(i for i, line in enumerate(lines) if re.search(pat, line))
    starts[0] = 0
    begin = starts[chapter]
    end = starts.get(chapter + 1, len(lines))
    return begin, end


def block(lines: list[str], locator: str, chapter: int) -> str:
    """The text a value of this locator must occur in (see CONTRACT: between the neighbouring captions)."""
    if NUMBERED.match(locator):
        caps = caption_lines(lines)
        idx = [k for k, (_, loc) in enumerate(caps) if loc == locator]
        if not idx:
            return ""
        k = idx[0]
        begin = caps[k - 1][0] if k > 0 else 0
        end = caps[k + 1][0] if k + 1 < len(caps) else len(lines)
        return "\n".join(lines[begin : end + 1])
    begin, end = chapter_range(lines, chapter)
    return "\n".join(lines[begin:end])


def number_pattern(v: float) -> re.Pattern:
    if float(v).is_integer():
        s = str(int(v))
        dotted = f"{int(v):,}".replace(",", ".")  # 190000 is printed as 190.000
        alts = "|".join(re.escape(x) for x in dict.fromkeys([s, dotted]))
        return re.compile(rf"(?<![\d,.])(?:{alts})(?![\d]|[,.]\d)")
    s = f"{v:g}"
    return re.compile(rf"(?<![\d,.]){re.escape(s.replace('.', ','))}(?!\d)|(?<![\d,.]){re.escape(s)}(?!\d)")


# --------------------------------------------------------------------------- coverage manifest


def test_every_numbered_table_and_figure_is_in_the_manifest(coverage, lines):
    in_source = {loc for _, loc in caption_lines(lines)}
    listed = {loc for loc in coverage["locator"] if NUMBERED.match(loc)}
    assert in_source - listed == set(), (
        f"numbered items missing from the coverage manifest: {in_source - listed}"
    )
    assert listed - in_source == set(), f"manifest lists items the report does not have: {listed - in_source}"


def test_manifest_counts_match_the_data(df, coverage):
    counts = df[df["value"].notna()].groupby("locator").size()
    for _, r in coverage.iterrows():
        assert int(r["values"]) == int(counts.get(r["locator"], 0)), (
            f"coverage says {r['values']} values for {r['locator']}, the data has {counts.get(r['locator'], 0)}"
        )


def test_manifest_status_agrees_with_the_data(df, coverage):
    for _, r in coverage.iterrows():
        rows = df[df["locator"] == r["locator"]]
        unreadable = int((rows["quality"] == "not-recoverable").sum())
        if r["status"] == "complete":
            assert unreadable == 0 and r["values"] > 0, (
                f"{r['locator']}: complete but {unreadable} unreadable"
            )
        elif r["status"] == "partial":
            assert r["values"] > 0, f"{r['locator']}: partial but no values"
        else:
            assert r["values"] == 0, f"{r['locator']}: {r['status']} but has values"
        if r["status"] != "complete":
            assert r["reason"].strip(), f"{r['locator']}: status {r['status']} needs a reason"


def test_every_locator_in_the_data_is_in_the_manifest_or_a_section(df, coverage):
    listed = set(coverage["locator"])
    for loc in df["locator"].unique():
        if NUMBERED.match(loc) or loc.startswith("Vergelijking"):
            assert loc in listed, f"{loc} is in the data but not in the coverage manifest"


def test_at_least_90_percent_of_numbered_items_are_recovered(coverage):
    numbered = coverage[coverage["locator"].str.match(NUMBERED.pattern)]
    ok = numbered["status"].isin(["complete", "partial"]).sum()
    assert ok / len(numbered) >= 0.9, f"only {ok} of {len(numbered)} numbered tables/figures recovered"


# --------------------------------------------------------------------------- consistency


def test_every_survey_chapter_loads_with_the_contract_rules(df):
    assert set(df["chapter"].unique()) >= set(range(1, 16)), "a chapter of the report has no data"


def test_counts_do_not_exceed_n(df):
    counts = df[
        (df["unit"] == "count")
        & df["n"].notna()
        & df["value"].notna()
        & (df["answer_type"].isin(["single", "multiple"]))
    ]
    bad = counts[counts["value"] > counts["n"]]
    assert bad.empty, bad[["file", "row", "locator", "category", "value", "n"]].to_string()


def test_multiple_answer_questions_are_marked(df, lines):
    caps = caption_lines(lines)
    for i, loc in caps:
        caption = " ".join(lines[i : i + 2]).lower()
        if re.search(r"meerdere antwoorden|maximaal \d+ antwoorden|maximaal (twee|drie)", caption):
            rows = df[(df["locator"] == loc) & (df["year"] == 2024)]
            wrong = rows[~rows["answer_type"].isin(["multiple", "open", "value"])]
            assert wrong.empty, (
                f"{loc} allows several answers but rows are marked {set(wrong['answer_type'])}"
            )


def test_percentages_are_numbers_not_fractions(df):
    pct = df[(df["unit"] == "percent") & df["value"].notna()]
    per_locator_max = pct.groupby("locator")["value"].max()
    assert (per_locator_max > 1).all(), (
        f"looks like fractions: {list(per_locator_max[per_locator_max <= 1].index)}"
    )


def test_known_issues_point_at_data_that_exists(df):
    issues = data.load_resource("known-issues")
    mine = issues[issues["source"] == f"raadpleging-{EDITION}"]
    for _, r in mine.iterrows():
        assert r["locator"] in set(df["locator"]) or NUMBERED.match(r["locator"]) is None, (
            f"known issue {r['id']} names locator {r['locator']} that has no data"
        )


# --------------------------------------------------------------------------- provenance audit


def test_every_read_value_occurs_in_its_source_block(df, lines):
    read = df[df["quality"].isin(["table", "chart-label", "prose"])]
    missing = []
    cache_blocks: dict[tuple[str, int], str] = {}
    for _, r in read.iterrows():
        key = (r["locator"], int(r["chapter"]))
        if key not in cache_blocks:
            cache_blocks[key] = block(lines, *key)
        text = cache_blocks[key]
        if not number_pattern(r["value"]).search(text):
            missing.append(f"{r['file']} row {r['row']}: {r['locator']} {r['category']!r} = {r['value']:g}")
    assert not missing, f"{len(missing)} values not found in their source block:\n" + "\n".join(missing[:40])


def test_sources_folder_is_outside_the_repository():
    assert not Path(paths.sources_dir()).is_relative_to(paths.root()), "source texts must not be committed"


def test_the_same_figure_quoted_in_two_places_agrees(df):
    """A number the report gives twice (a figure and the text, a chapter and its conclusion) is recorded
    twice; both must agree, or the disagreement must be a known issue tagged on the rows."""
    read = df[df["value"].notna()].copy()
    read["q"] = (
        read["question"]
        .str.replace(r"\s*\((samengevat in de tekst|conclusie[^)]*)\)\s*$", "", regex=True)
        .str.strip()
        .str.lower()
    )
    keys = ["chapter", "q", "item", "group", "category", "year", "unit"]
    bad = []
    for key, grp in read.groupby(keys):
        if grp["locator"].nunique() < 2 or grp["value"].nunique() < 2:
            continue
        if grp["note"].str.contains("known-issue:").all():
            continue
        where = ", ".join(f"{r['locator']}: {r['value']:g}" for _, r in grp.iterrows())
        bad.append(f"{key[1]!r} / {key[4]!r} ({key[5]}): {where}")
    assert not bad, "the same figure differs between places (record a known issue):\n" + "\n".join(bad)
