"""The data, the registry and the sources pass every check of ``swic.validation``.

These are the same checks ``make validate`` runs (one test per check, so a failure names the kind of
problem); the report lists every problem with file, row and column.
"""

from __future__ import annotations

import pytest

from swic import data, validation


@pytest.mark.parametrize("check", list(validation.CHECKS))
def test_check_passes(check):
    problems = validation.run([check])
    assert not problems, "\n" + validation.report(problems)


def test_at_least_90_percent_of_numbered_items_are_recovered():
    coverage = data.load_resource("raadpleging-2025-coverage")
    numbered = coverage[coverage["locator"].str.match(r"^(Tabel|Figuur) \d+\.\d+$")]
    ok = numbered["status"].isin(["complete", "partial"]).sum()
    assert ok / len(numbered) >= 0.9, f"only {ok} of {len(numbered)} numbered tables/figures recovered"


def test_every_chapter_of_the_report_has_data():
    df = data.load_survey(2025)
    assert set(df["chapter"].unique()) >= set(range(1, 16)), "a chapter of the report has no data"
