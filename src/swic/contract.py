"""The data contract of the raadpleging: the rules a survey row obeys beyond its Table Schema.

A value that is not recoverable says why; a derived value says how; percentages lie between 0 and 100;
a count is not above its n; the answers of a single-choice question add up to 100 within rounding (or the
source's own inconsistency is on record); a known-issue tag names a recorded issue; a numbered table or
figure is in the coverage manifest. :func:`swic.data.load_survey` applies these rules on every load, and
``make validate`` reports every violation at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from swic import locators
from swic.tableschema import DataError, records, report

KNOWN_ISSUE_TAG = re.compile(r"known-issue:([a-z0-9-]+)")

# One rule for gaps: a partial figure has one not-recoverable row per unreadable cell (item and answer). Two
# exceptions, where our text copy does not name the cells: a figure whose legend is missing (and no other figure
# of its chapter has the same kind of bars) gets one row per bar with LEGEND_MISSING as its answer; a figure
# whose answers are missing altogether gets one row with ANSWERS_MISSING. ``make validate`` accepts these two
# placeholders only at the figures listed here, and no other placeholder anywhere.
LEGEND_MISSING = "Niet leesbare delen (legenda niet in onze tekstversie)"
ANSWERS_MISSING = "Niet leesbare antwoorden (niet in onze tekstversie)"
LEGEND_NOT_IN_TEXT = frozenset(
    {"Figuur 5.1", "Figuur 5.2", "Figuur 5.3", "Figuur 5.4"}
    | {"Figuur 6.1", "Figuur 6.2", "Figuur 6.3", "Figuur 6.4", "Figuur 12.3", "Figuur 14.1"}
)
ANSWERS_NOT_IN_TEXT = frozenset({"Figuur 1.2", "Figuur 6.5", "Figuur 9.1"})
# An answer that stands for several cells instead of one: 'Alle categorieën', 'Niet leesbare delen van deze
# balk', 'Andere keuzes (niet leesbaar)'.
PLACEHOLDER_LIKE = re.compile(r"^(Alle |Niet leesbare |Andere keuzes)|\(niet leesbaar\)", re.IGNORECASE)


def sum_tolerance(n_categories: int) -> float:
    """How far a rounded single-choice distribution may stray from 100.

    Each percentage is rounded to whole numbers, so each is off by at most 0.5; k categories can
    add up to at most 0.5·k away from 100. One extra point allows for a category the source
    shows as '<1%' or leaves unlabeled at 0.
    """
    return 0.5 * n_categories + 1


def check_survey_rules(
    df: pd.DataFrame,
    file: Path,
    known_issue_ids: set[str] | None = None,
    coverage_locators: set[str] | None = None,
    errors: list | None = None,
) -> None:
    """The data contract's rules beyond the schema. Raises DataError naming file, row, column (or, with
    ``errors``, collects every violation)."""
    known_issue_ids = known_issue_ids or set()
    for row, r in records(df):
        has_value = not pd.isna(r["value"])
        if r["quality"] == "not-recoverable":
            if has_value:
                report(
                    errors, DataError(file, "quality is not-recoverable but a value is given", row, "value")
                )
            if not r["note"]:
                report(
                    errors, DataError(file, "a not-recoverable value needs a note saying why", row, "note")
                )
        elif not has_value:
            report(
                errors,
                DataError(
                    file,
                    f"value is empty but quality is {r['quality']!r}",
                    row,
                    "value",
                    expected="a number, or quality not-recoverable with a note saying why",
                ),
            )
        if "bound" in r and r["bound"] and not has_value:
            report(
                errors,
                DataError(file, "a bound needs a value", row, "bound", expected="a value, or no bound"),
            )
        if r["quality"] == "derived" and not r["note"]:
            report(
                errors, DataError(file, "a derived value needs a note saying how it was derived", row, "note")
            )
        if has_value and r["unit"] == "percent" and not 0 <= r["value"] <= 100:
            report(
                errors,
                DataError(
                    file, f"percentage {r['value']:g} is outside 0–100", row, "value", expected="0 to 100"
                ),
            )
        for tag in KNOWN_ISSUE_TAG.findall(r["note"]):
            if tag not in known_issue_ids:
                report(
                    errors,
                    DataError(
                        file,
                        f"note refers to unknown known-issue {tag!r}",
                        row,
                        "note",
                        expected="an id from data/known-issues.csv",
                    ),
                )
        if (
            coverage_locators is not None
            and locators.is_numbered(r["locator"])
            and r["locator"] not in coverage_locators
        ):
            report(
                errors,
                DataError(
                    file,
                    f"unknown locator {r['locator']!r}: it is not in the coverage manifest",
                    row,
                    "locator",
                    expected="a table or figure listed in coverage.csv",
                ),
            )
        if (
            has_value
            and r["unit"] == "count"
            and not pd.isna(r["n"])
            and r["answer_type"] == "single"
            and r["value"] > r["n"]
        ):
            report(
                errors,
                DataError(
                    file,
                    f"count {r['value']:g} exceeds n={r['n']}",
                    row,
                    "value",
                    expected=f"at most {r['n']}",
                ),
            )

    single = df[(df["answer_type"] == "single") & (df["unit"] == "percent")]
    for key, grp in single.groupby(["locator", "question", "item", "group", "year"], sort=False):
        if grp["value"].isna().any():
            continue  # a distribution with an unreadable value cannot be checked
        if "bound" in grp and (grp["bound"] != "").any():
            continue  # 'meer dan 40 procent' is not a number that adds up
        if any(KNOWN_ISSUE_TAG.search(n) for n in grp["note"]):
            continue  # the source's own inconsistency, recorded as a known issue
        total = grp["value"].sum()
        tol = sum_tolerance(len(grp))
        if abs(total - 100) > tol:
            locator, question, item, group, year = key
            what = (
                f"{locator}" + (f", item {item!r}" if item else "") + (f", group {group!r}" if group else "")
            )
            rows_shown = ", ".join(str(int(i) + 1) for i in grp.index)
            report(
                errors,
                DataError(
                    file,
                    f"single-choice distribution ({what}, {year}; rows {rows_shown}) sums to {total:g}",
                    int(grp.index[0]),
                    "value",
                    expected=f"100 ± {tol:g}; fix the value, or record the source's inconsistency in "
                    "known-issues.csv and tag the rows' note with known-issue:<id>",
                ),
            )
